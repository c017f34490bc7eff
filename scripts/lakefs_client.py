"""lakeFS API steps for the upload script: stage a branch, then verify, commit, merge, tag.

Object uploads go through the S3 gateway with awscli between the two steps;
this module does the rest through lakefs-sdk. A version reaches main and its
tag only after every file arrived on the staging branch with the expected
MD5, so a failed upload leaves no commit with partial data.
"""

import argparse
import logging
import sys
import time
from pathlib import Path

import lakefs_sdk
from lakefs_sdk.exceptions import ApiException, NotFoundException, UnauthorizedException
from urllib3.exceptions import HTTPError

from scripts.errors import UserError, run_main, setup_logging
from scripts.io_utils import read_json
from scripts.settings import Settings, load_settings
from scripts.versions import record

log = logging.getLogger(__name__)


def make_api(endpoint: str, access_key_id: str, secret_access_key: str) -> lakefs_sdk.ApiClient:
    configuration = lakefs_sdk.Configuration(
        host=f"{endpoint.rstrip('/')}/api/v1",
        username=access_key_id,
        password=secret_access_key,
    )
    return lakefs_sdk.ApiClient(configuration)


def api_from_settings(settings: Settings) -> lakefs_sdk.ApiClient:
    return make_api(settings.lakefs_endpoint, settings.lakefs_access_key_id, settings.lakefs_secret_access_key)


def check_credentials(endpoint: str, access_key_id: str, secret_access_key: str) -> None:
    """Raise UserError unless the keys log in to lakeFS at endpoint."""
    api = make_api(endpoint, access_key_id, secret_access_key)
    try:
        user = lakefs_sdk.AuthApi(api).get_current_user()
    except UnauthorizedException as exc:
        raise UserError(
            f"{endpoint}: lakeFS rejected LAKEFS_ACCESS_KEY_ID/LAKEFS_SECRET_ACCESS_KEY from .env; "
            f"they must match the keys lakeFS was first set up with (delete .state to start over)"
        ) from exc
    except (HTTPError, OSError) as exc:
        raise UserError(f"{endpoint}: lakeFS not reachable ({exc}); run `make lakefs-up`") from exc
    log.info("logged in to lakeFS at %s as %s", endpoint, user.user.id)


def ensure_repository(api: lakefs_sdk.ApiClient, name: str, storage_namespace: str) -> None:
    """Create the repository with branch main unless it exists in the same namespace."""
    repositories = lakefs_sdk.RepositoriesApi(api)
    try:
        repository = repositories.get_repository(name)
    except NotFoundException:
        creation = lakefs_sdk.RepositoryCreation(
            name=name, storage_namespace=storage_namespace, default_branch="main"
        )
        try:
            repositories.create_repository(creation)
        except ApiException as exc:
            raise UserError(
                f"lakeFS could not create repository {name} at {storage_namespace}: {api_message(exc)}; "
                f"check the S3_* and LAKEFS_STORAGE_PREFIX settings in .env"
            ) from exc
        log.info("created lakeFS repository %s at %s", name, storage_namespace)
        return
    if repository.storage_namespace != storage_namespace:
        raise UserError(
            f"lakeFS repository {name} uses {repository.storage_namespace}, not {storage_namespace}; "
            f"change LAKEFS_REPOSITORY in .env or delete that repository"
        )
    log.info("lakeFS repository %s exists", name)


def api_message(exc: ApiException) -> str:
    return (exc.body or exc.reason or str(exc)).strip()


def commit(api: lakefs_sdk.ApiClient, repository: str, branch: str, message: str, metadata: dict) -> str:
    """Commit a branch; the commit is made even with no changes so a rerun can finish."""
    result = lakefs_sdk.CommitsApi(api).commit(
        repository, branch, lakefs_sdk.CommitCreation(message=message, metadata=metadata, allow_empty=True)
    )
    log.info("committed %s on %s: %s", result.id, branch, message)
    return result.id


def merge(
    api: lakefs_sdk.ApiClient, repository: str, source: str, destination: str, message: str, metadata: dict
) -> str:
    result = lakefs_sdk.RefsApi(api).merge_into_branch(
        repository, source, destination, merge=lakefs_sdk.Merge(message=message, metadata=metadata)
    )
    log.info("merged %s into %s: %s", source, destination, result.reference)
    return result.reference


def create_tag(api: lakefs_sdk.ApiClient, repository: str, tag: str, ref: str) -> str:
    result = lakefs_sdk.TagsApi(api).create_tag(repository, lakefs_sdk.TagCreation(id=tag, ref=ref))
    log.info("tagged %s as %s", result.commit_id, tag)
    return result.commit_id


def delete_tag(api: lakefs_sdk.ApiClient, repository: str, tag: str) -> None:
    lakefs_sdk.TagsApi(api).delete_tag(repository, tag)
    log.info("deleted tag %s", tag)


def tag_commit(api: lakefs_sdk.ApiClient, repository: str, tag: str) -> lakefs_sdk.Commit | None:
    """Return the commit a tag points to, or None if the tag does not exist."""
    try:
        ref = lakefs_sdk.TagsApi(api).get_tag(repository, tag)
    except NotFoundException:
        return None
    return lakefs_sdk.CommitsApi(api).get_commit(repository, ref.commit_id)


def reset_branch(api: lakefs_sdk.ApiClient, repository: str, branch: str, source: str) -> None:
    """Delete the branch if it exists (with anything a failed run left) and recreate it from source."""
    branches = lakefs_sdk.BranchesApi(api)
    try:
        branches.delete_branch(repository, branch)
        log.info("deleted staging branch %s left by an earlier run", branch)
    except NotFoundException:
        pass
    branches.create_branch(repository, lakefs_sdk.BranchCreation(name=branch, source=source))
    log.info("created staging branch %s from %s", branch, source)


def manifest_metadata(manifest: dict) -> dict[str, str]:
    """Return commit metadata: source MD5, seed, and each file's MD5 and rows."""
    source = manifest["source"]
    metadata = {
        "source_md5": str(source.get("md5")),
        "synthetic": str(source.get("synthetic")),
        "seed": str(source.get("seed", "")),
    }
    for name, info in manifest["files"].items():
        metadata[f"{name}_md5"] = info["md5"]
        metadata[f"{name}_rows"] = str(info["rows"])
    return metadata


def differing_files(found: lakefs_sdk.Commit, manifest: dict) -> list[str]:
    """Return the files whose MD5 in the commit metadata differs from the manifest."""
    metadata = found.metadata or {}
    return [name for name, info in manifest["files"].items() if metadata.get(f"{name}_md5") != info["md5"]]


def stage(api, settings: Settings, tag: str, version_dir: Path, branch: str, source: str, force: bool) -> str:
    """Prepare a version's upload; return "same <commit_id>" if the tag already contains it, else "staged"."""
    repository = settings.lakefs_repository
    ensure_repository(api, repository, settings.lakefs_storage_namespace)
    manifest = read_json(version_dir / "manifest.json")
    found = tag_commit(api, repository, tag)
    if found is not None:
        differing = differing_files(found, manifest)
        if not differing:
            record_version(settings, tag, version_dir, found.id, seconds=None)
            return f"same {found.id}"
        if not force:
            raise UserError(
                f"lakeFS tag {tag} in repository {repository} contains another {', '.join(differing)} "
                f"than {version_dir}; if the data changed on purpose rerun with FORCE=1 to move the tag, "
                f"else restore the data (check ATHLETES_ROWS, ATHLETES_SEED, ATHLETES_CSV)"
            )
        log.info("tag %s contains another %s; FORCE=1, so it will be moved", tag, ", ".join(differing))
    reset_branch(api, repository, branch, source)
    return "staged"


def verify_upload(api, repository: str, branch: str, manifest: dict) -> None:
    """Raise UserError unless every file is on the branch with the manifest's size and MD5.

    The upload is a single PUT per file, so the checksum lakeFS stores is the
    object's MD5.
    """
    objects = lakefs_sdk.ObjectsApi(api)
    for name, info in manifest["files"].items():
        try:
            stats = objects.stat_object(repository, branch, name)
        except NotFoundException as exc:
            raise UserError(f"lakefs://{repository}/{branch}/{name}: missing after upload; rerun the step") from exc
        if stats.checksum.strip('"') != info["md5"] or stats.size_bytes != info["bytes"]:
            raise UserError(
                f"lakefs://{repository}/{branch}/{name}: checksum {stats.checksum} ({stats.size_bytes} bytes) "
                f"differs from the local MD5 {info['md5']} ({info['bytes']} bytes); rerun the step"
            )
    log.info("verified %d files on %s", len(manifest["files"]), branch)


def publish(api, settings: Settings, tag: str, version_dir: Path, branch: str, message: str, started_at: float) -> str:
    """Verify the staged files, commit, merge into main, tag and record; return the tagged commit id."""
    repository = settings.lakefs_repository
    manifest = read_json(version_dir / "manifest.json")
    verify_upload(api, repository, branch, manifest)
    metadata = manifest_metadata(manifest)
    commit(api, repository, branch, message, metadata)
    merged = merge(api, repository, branch, "main", f"Merge {branch} into main for {tag}", metadata)
    if tag_commit(api, repository, tag) is not None:
        delete_tag(api, repository, tag)
    create_tag(api, repository, tag, merged)
    record_version(settings, tag, version_dir, merged, seconds=time.time() - started_at)
    return merged


def record_version(settings: Settings, tag: str, version_dir: Path, commit_id: str, seconds: float | None) -> None:
    fields = {
        "ref": tag,
        "commit_id": commit_id,
        "seconds": None if seconds is None else round(seconds, 3),
        "location": f"lakefs://{settings.lakefs_repository}",
    }
    record("lakefs", tag, version_dir, fields)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("stage", "prints `same <commit>` if the tag contains this data, else resets the branch and prints `staged`"),
        ("publish", "verifies the branch, commits, merges into main, tags; prints the commit id"),
    ):
        step = sub.add_parser(name, help=help_text)
        step.add_argument("--tag", required=True, help="version tag, e.g. v1")
        step.add_argument("--dir", type=Path, required=True, help="local version folder with manifest.json")
        step.add_argument("--branch", required=True, help="staging branch")
    sub.choices["stage"].add_argument("--source", required=True, help="ref the staging branch starts from")
    sub.choices["stage"].add_argument("--force", action="store_true", help="move a tag that contains other data")
    sub.choices["publish"].add_argument("--message", required=True, help="commit message")
    sub.choices["publish"].add_argument("--started-at", type=float, required=True, help="epoch seconds the version started")
    show = sub.add_parser("tag-metadata", help="print KEY=VALUE metadata of a tag's commit; exit 3 if no tag")
    show.add_argument("--tag", required=True)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    settings = load_settings()
    api = api_from_settings(settings)
    repository = settings.lakefs_repository
    try:
        if args.command == "stage":
            check_credentials(settings.lakefs_endpoint, settings.lakefs_access_key_id, settings.lakefs_secret_access_key)
            print(stage(api, settings, args.tag, args.dir, args.branch, args.source, args.force))
        elif args.command == "publish":
            print(publish(api, settings, args.tag, args.dir, args.branch, args.message, args.started_at))
        elif args.command == "tag-metadata":
            found = tag_commit(api, repository, args.tag)
            if found is None:
                sys.exit(3)
            print(f"commit_id={found.id}")
            for key, value in sorted((found.metadata or {}).items()):
                print(f"{key}={value}")
    except ApiException as exc:
        raise UserError(f"lakeFS {args.command} in repository {repository} failed: {api_message(exc)}") from exc
    except (HTTPError, OSError) as exc:
        raise UserError(f"{settings.lakefs_endpoint}: lakeFS not reachable ({exc}); run `make lakefs-up`") from exc


if __name__ == "__main__":
    setup_logging()
    run_main(main)
