"""Builds the search index the ranker serves, from a corpus dump.

  python3 build_index.py fetch <corpus>          writes the corpus (a stand-in for a 30 MB download)
  python3 build_index.py index <corpus> <index>  counts its terms into a small JSON index
  python3 build_index.py show [<index>]          prints the index's ten most frequent terms (/srv/index.json)
"""

import collections
import json
import random
import sys

VOCABULARY = (
    "model weights tensor gradient layer embedding token batch epoch loss ranker query document score "
    "feature label train serve image container volume registry digest cache build stage runtime driver"
).split()


def fetch(corpus: str) -> None:
    # Seeded, so every build writes the same 30 MB: a download's size without a network.
    words = random.Random(7).choices(VOCABULARY, k=4_600_000)
    with open(corpus, "w", encoding="utf-8") as out:
        for start in range(0, len(words), 20):
            out.write(" ".join(words[start : start + 20]) + "\n")


def index(corpus: str, target: str) -> None:
    counts = collections.Counter()
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            counts.update(line.split())
    with open(target, "w", encoding="utf-8") as out:
        json.dump({"terms": dict(counts.most_common())}, out, indent=1)


def show(target: str = "/srv/index.json") -> None:
    with open(target, encoding="utf-8") as source:
        terms = json.load(source)["terms"]
    for term, count in list(terms.items())[:10]:
        print(f"{count:>9}  {term}")


if __name__ == "__main__":
    command, *paths = sys.argv[1:]
    {"fetch": fetch, "index": index, "show": show}[command](*paths)
