"""Fetch the ranker's weights from the team's private model store, at build time.

The "store" here is weights.enc, next to this script: the weights, encrypted with the access token. The token
comes from the HF_TOKEN variable when it is set, else from the build secret mounted at /run/secrets/hf_token.
This script never prints the token and never writes it anywhere.
"""

import base64
import hashlib
import os
import sys
from pathlib import Path

STORE = Path(__file__).resolve().with_name("weights.enc")
SECRET_FILE = Path("/run/secrets/hf_token")
OUTPUT = Path("/srv/weights/model.json")
# sha256 of the weights the store holds: what a correct token decrypts.
EXPECTED_SHA256 = "4a707d5918a00cfad9184ec572cbb137fc5771ba21c58570fa27e2e663a47b20"


def fail(message: str) -> None:
    print(f"fetch_weights: {message}", file=sys.stderr)
    sys.exit(1)


def read_token() -> tuple[str, str]:
    token = os.environ.get("HF_TOKEN", "").strip()
    if token:
        return token, "the HF_TOKEN variable"
    if SECRET_FILE.is_file():
        token = SECRET_FILE.read_text().strip()
        if token:
            return token, str(SECRET_FILE)
        fail(f"{SECRET_FILE} is empty: the hf_token secret was mounted without a value.")
    fail(
        "no access token. HF_TOKEN is not set and there is no secret file at "
        f"{SECRET_FILE}. Mount the build secret into this step: "
        "RUN --mount=type=secret,id=hf_token python fetch_weights.py"
    )
    raise AssertionError("unreachable")


def keystream(token: str, length: int) -> bytes:
    out = bytearray()
    counter = 0
    while len(out) < length:
        out += hashlib.sha256(token.encode() + counter.to_bytes(8, "big")).digest()
        counter += 1
    return bytes(out[:length])


def main() -> None:
    token, source = read_token()
    encrypted = base64.b64decode(STORE.read_text())
    weights = bytes(a ^ b for a, b in zip(encrypted, keystream(token, len(encrypted))))
    digest = hashlib.sha256(weights).hexdigest()
    if digest != EXPECTED_SHA256:
        fail(f"the token from {source} does not open the model store (wrong or truncated token).")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(weights)
    print(f"fetch_weights: ranker-v7 weights (sha256 {digest[:12]}) written to {OUTPUT}, token read from {source}")


if __name__ == "__main__":
    main()
