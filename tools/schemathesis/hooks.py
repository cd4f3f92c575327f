"""Schemathesis hooks (SCHEMATHESIS_HOOKS): a tus PATCH body (application/offset+octet-stream) is
raw bytes, serialized as application/octet-stream is."""

import schemathesis

schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")
