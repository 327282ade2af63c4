"""A nightly batch job: scores a list of customers with features from the feature store, and refuses to run
on a network that has a way out (a batch job that reads customer data has no business reaching anywhere else).
Exit code 0: scored; 1: the feature store could not be reached; 2: this container has a route out."""

import json
import sys
import urllib.request


def has_default_route() -> bool:
    with open("/proc/net/route") as f:
        next(f)
        return any(line.split()[1] == "00000000" for line in f if line.strip())


if has_default_route():
    print("error: this container has a default route, so its network is not internal.", file=sys.stderr)
    print("Run the job on a network created with --internal only.", file=sys.stderr)
    sys.exit(2)

scored = 0
for customer in ["c-1001", "c-1002", "c-1003"]:
    try:
        with urllib.request.urlopen(f"http://features:8000/features/{customer}", timeout=3) as answer:
            features = json.load(answer)
    except OSError as err:
        print(f"error: cannot reach the feature store at http://features:8000: {err}", file=sys.stderr)
        sys.exit(1)
    print(f"{customer}: tenure {features['tenure_months']} months, {features['support_calls']} support calls")
    scored += 1
print(f"scored {scored} customers")
