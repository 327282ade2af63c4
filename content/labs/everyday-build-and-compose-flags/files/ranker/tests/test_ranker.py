import unittest

from ranker import rank

DOCS = {
    "a": "churn model for telecom customers",
    "b": "image model",
    "c": "churn churn churn",
}


class RankTest(unittest.TestCase):
    def test_best_match_first(self):
        self.assertEqual([r["id"] for r in rank("churn", DOCS)], ["c", "a"])

    def test_no_shared_words_ranks_nothing(self):
        self.assertEqual(rank("zebra", DOCS), [])

    def test_top_limits_the_results(self):
        self.assertEqual(len(rank("churn model", DOCS, top=1)), 1)

    def test_ties_are_broken_by_id(self):
        same = {"y": "gpu", "x": "gpu"}
        self.assertEqual([r["id"] for r in rank("gpu", same)], ["x", "y"])


if __name__ == "__main__":
    unittest.main()
