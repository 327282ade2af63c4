"""Trains the flower classifier and saves it as model/iris-tree.pkl.

Run on a developer's machine, never in the serving image:

    python training/train.py [output path]

Everything is fixed (the iris measurements bundled with scikit-learn, the tree's random_state), so the same
versions make the same file, byte for byte. The service should unpickle it with the scikit-learn that saved it:
1.2.1, the version the course's package mirror serves.
"""
import pickle
import re
import sys
from pathlib import Path

from sklearn.datasets import load_iris
from sklearn.tree import DecisionTreeClassifier

OUTPUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "model" / "iris-tree.pkl"

iris = load_iris()
species = iris.target_names[iris.target]
model = DecisionTreeClassifier(max_depth=3, random_state=0).fit(iris.data, species)

# Protocol 0 is pickle's text format. It still writes some characters of a string argument (such as the bytes
# of a numpy array) as raw bytes; the unpickler reads those arguments with the raw-unicode-escape codec, which
# takes \u00XX for the same character. Writing them that way keeps the pickle's meaning and makes the file plain
# ASCII, so it travels as an ordinary text file of the exercise.
raw = pickle.dumps(model, protocol=0)
text = re.sub(rb"[\x00-\x09\x0b-\x1f\x7f-\xff]", lambda m: b"\\u%04x" % m[0][0], raw)

# Proof that nothing changed: the ASCII file loads into the same model, which pickles to the same bytes.
loaded = pickle.loads(text)
assert pickle.dumps(loaded, protocol=0) == raw
assert (loaded.predict(iris.data) == model.predict(iris.data)).all()

OUTPUT.write_bytes(text)
print(f"wrote {OUTPUT} ({len(text)} bytes), training accuracy {model.score(iris.data, species):.3f}")
