"""lakeFS API steps for the upload script: repository, branch, commit, merge, tag.

Object uploads go through the S3 gateway with awscli; this module does the
rest through lakefs-sdk and prints the commit id a step produced.
"""

import argparse
import logging
import sys

import lakefs_sdk
from lakefs_sdk.exceptions import ApiException, NotFoundException, UnauthorizedException
from urllib3.exceptions import HTTPError

from scripts.errors import UserError, run_main, setup_logging
from scripts.settings import Settings, load_settings

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


def ensure_branch(api: lakefs_sdk.ApiClient, repository: str, branch: str, source: str) -> None:
    branches = lakefs_sdk.BranchesApi(api)
    try:
        branches.get_branch(repository, branch)
        log.info("branch %s exists in %s", branch, repository)
    except NotFoundException:
        branches.create_branch(repository, lakefs_sdk.BranchCreation(name=branch, source=source))
        log.info("created branch %s from %s in %s", branch, source, repository)


def commit(api: lakefs_sdk.ApiClient, repository: str, branch: str, message: str, metadata: dict) -> str:
    result = lakefs_sdk.CommitsApi(api).commit(
        repository, branch, lakefs_sdk.CommitCreation(message=message, metadata=metadata)
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


def parse_metadata(pairs: list[str]) -> dict[str, str]:
    metadata = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UserError(f"--meta {pair!r}: invalid; expected KEY=VALUE")
        metadata[key] = value
    return metadata


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("ensure-repo", help="create the repository unless it exists")
    branch = sub.add_parser("ensure-branch", help="create a branch unless it exists")
    branch.add_argument("--branch", required=True)
    branch.add_argument("--source", required=True, help="ref to branch from")
    commit_parser = sub.add_parser("commit", help="commit a branch; prints the commit id")
    commit_parser.add_argument("--branch", required=True)
    commit_parser.add_argument("--message", required=True)
    commit_parser.add_argument("--meta", action="append", default=[], help="KEY=VALUE commit metadata")
    merge_parser = sub.add_parser("merge", help="merge a ref into a branch; prints the commit id")
    merge_parser.add_argument("--source", required=True)
    merge_parser.add_argument("--destination", required=True)
    merge_parser.add_argument("--message", required=True)
    merge_parser.add_argument("--meta", action="append", default=[], help="KEY=VALUE commit metadata")
    tag = sub.add_parser("tag", help="tag a ref; prints the commit id")
    tag.add_argument("--tag", required=True)
    tag.add_argument("--ref", required=True)
    tag.add_argument("--force", action="store_true", help="move the tag if it exists")
    show = sub.add_parser("tag-metadata", help="print KEY=VALUE metadata of a tag's commit; exit 3 if no tag")
    show.add_argument("--tag", required=True)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    settings = load_settings()
    api = api_from_settings(settings)
    repository = settings.lakefs_repository
    try:
        if args.command == "ensure-repo":
            check_credentials(settings.lakefs_endpoint, settings.lakefs_access_key_id, settings.lakefs_secret_access_key)
            ensure_repository(api, repository, settings.lakefs_storage_namespace)
        elif args.command == "ensure-branch":
            ensure_branch(api, repository, args.branch, args.source)
        elif args.command == "commit":
            print(commit(api, repository, args.branch, args.message, parse_metadata(args.meta)))
        elif args.command == "merge":
            print(merge(api, repository, args.source, args.destination, args.message, parse_metadata(args.meta)))
        elif args.command == "tag":
            if args.force and tag_commit(api, repository, args.tag) is not None:
                delete_tag(api, repository, args.tag)
            print(create_tag(api, repository, args.tag, args.ref))
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
