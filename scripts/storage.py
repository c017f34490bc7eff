"""S3 clients for MinIO and the lakeFS S3 gateway, and bucket helpers."""

import logging

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError

from scripts.errors import UserError
from scripts.settings import Settings

log = logging.getLogger(__name__)


def make_client(endpoint: str, access_key_id: str, secret_access_key: str, region: str, path_style: bool):
    """Return a boto3 S3 client that sends checksums only when an API requires them.

    Newer botocore versions add a streaming checksum trailer by default, which
    several S3-compatible servers reject.
    """
    config = Config(
        s3={"addressing_style": "path" if path_style else "auto"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"max_attempts": 3, "mode": "standard"},
        connect_timeout=5,
        read_timeout=120,
    )
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret_access_key,
        region_name=region,
        config=config,
    )


def s3_client(settings: Settings):
    """Return a client for the bucket server (MinIO or any S3-compatible one)."""
    return make_client(
        settings.s3_endpoint,
        settings.s3_access_key_id,
        settings.s3_secret_access_key,
        settings.s3_region,
        settings.s3_force_path_style,
    )


def lakefs_gateway_client(settings: Settings):
    """Return a client for the lakeFS S3 gateway: bucket = repository, key = ref/path."""
    return make_client(
        settings.lakefs_endpoint,
        settings.lakefs_access_key_id,
        settings.lakefs_secret_access_key,
        settings.s3_region,
        True,
    )


def ensure_bucket(settings: Settings) -> None:
    """Create the bucket unless it exists; errors name the endpoint and the keys."""
    client = s3_client(settings)
    try:
        client.head_bucket(Bucket=settings.s3_bucket)
        log.info("bucket %s exists at %s", settings.s3_bucket, settings.s3_endpoint)
        return
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in ("403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
            raise UserError(
                f"{settings.s3_endpoint}: access denied to bucket {settings.s3_bucket}; "
                f"check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY in .env"
            ) from exc
        if code not in ("404", "NoSuchBucket", "NotFound"):
            raise UserError(f"{settings.s3_endpoint}: head_bucket failed with {code}: {exc}") from exc
    except (EndpointConnectionError, BotoCoreError) as exc:
        raise UserError(
            f"{settings.s3_endpoint}: S3 endpoint not reachable ({exc}); "
            f"start it with `make lakefs-up` or check S3_ENDPOINT in .env"
        ) from exc
    client.create_bucket(Bucket=settings.s3_bucket)
    log.info("created bucket %s at %s", settings.s3_bucket, settings.s3_endpoint)


def prefix_usage(settings: Settings, prefix: str) -> dict:
    """Return the number of objects and total bytes stored under a bucket prefix."""
    client = s3_client(settings)
    paginator = client.get_paginator("list_objects_v2")
    objects = 0
    size_bytes = 0
    for page in paginator.paginate(Bucket=settings.s3_bucket, Prefix=prefix.rstrip("/") + "/"):
        for item in page.get("Contents", []):
            objects += 1
            size_bytes += item["Size"]
    return {"prefix": prefix, "objects": objects, "bytes": size_bytes}
