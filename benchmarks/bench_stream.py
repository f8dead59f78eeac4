"""Stream-based selection: each stream strategy vs random selection at the same budget,
and scikit-activeml's stream strategies side by side on the identical stream.

Streams: digits and a 4-class ``make_classification`` set, shuffled per
seed, each also with a drift (two classes swap their labels half-way).
Model: a scaled ``SGDClassifier(loss="log_loss")`` updated through
``partial_fit`` (the scaler is fitted on the 50 initial rows). Prequential:
every row is predicted before the learner decides whether to ask for its
label. Per strategy: the final prequential accuracy (mean ± s.e. over the
seeds), its difference to random selection on the same stream (``*`` beyond
2 s.e.), the share of the stream actually labeled, and decisions per second
(``should_query`` alone, on the next 500 rows of the stream at once, after
the simulation).

scikit-activeml (when it imports; otherwise only skactive's rows are
measured and a note says so) runs on exactly the same streams: the same
order, the same 50 initial labels, the same budget, the same chunks and the
same model updated the same way (``stream_simulation`` drives both). Only
the decision differs: its strategy's ``query`` then ``update`` on each
chunk, reading the same model's ``predict_proba`` through a thin
``SkactivemlClassifier`` view. Pairs (skactive name: scikit-activeml
class): random: ``StreamRandomSampling``; fixed uncertainty:
``FixedUncertainty`` (its threshold is derived from the budget and the
number of classes, skactive's is a fixed 0.9); variable uncertainty:
``VariableUncertainty``; randomized variable uncertainty:
``RandomVariableUncertainty``; split: ``Split``; density uncertainty:
``StreamDensityBasedAL`` (a related, not identical method: Ienco et al.
count the rows of a window whose nearest neighbour the new row becomes,
skactive weights uncertainty by the mean RBF similarity to the window).
"""

import sys
import time
import warnings

import numpy as np
from sklearn.base import clone
from sklearn.datasets import load_digits, make_classification
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import StreamLearner
from skactive.model_selection import stream_simulation
from skactive.strategies import (
    BaseStreamStrategy,
    DensityUncertainty,
    FixedUncertainty,
    RandomizedVariableUncertainty,
    Split,
    StreamRandomSampling,
    VariableUncertainty,
)

BUDGET, N_INITIAL, CHUNK = 0.1, 50, 20
N_TIMED = 500  # rows decided at once for the throughput
PEER = "scikit-activeml"


def streams():
    X_digits, y_digits = load_digits(return_X_y=True)
    X_synth, y_synth = make_classification(
        n_samples=2000, n_features=20, n_informative=8, n_classes=4, flip_y=0.02,
        random_state=0)
    return {"digits": (X_digits, y_digits), "synthetic 4 classes": (X_synth, y_synth)}


def strategies():
    return {
        "random": StreamRandomSampling(),
        "fixed uncertainty": FixedUncertainty(),
        "variable uncertainty": VariableUncertainty(),
        "randomized variable uncertainty": RandomizedVariableUncertainty(),
        "split": Split(),
        "density uncertainty": DensityUncertainty(),
    }


def peer_strategies(classes, seed):
    """scikit-activeml's counterparts, by skactive's name; ``None`` if it is absent."""
    try:
        from skactiveml import stream
    except ImportError:
        return None
    settings = dict(budget=BUDGET, random_state=seed)
    return {
        "random": stream.StreamRandomSampling(**settings),
        "fixed uncertainty": stream.FixedUncertainty(classes=classes, **settings),
        "variable uncertainty": stream.VariableUncertainty(**settings),
        "randomized variable uncertainty": stream.RandomVariableUncertainty(**settings),
        "split": stream.Split(**settings),
        "density uncertainty": stream.StreamDensityBasedAL(**settings),
    }


def _view_class():
    """A scikit-activeml classifier that answers with a stream learner's model."""
    from skactiveml.base import SkactivemlClassifier

    class LearnerView(SkactivemlClassifier):
        def __init__(self, learner=None, classes=None):
            super().__init__(classes=classes)
            self.learner = learner

        def fit(self, X, y, sample_weight=None):  # the learner is trained elsewhere
            return self

        def predict_proba(self, X):
            return self.learner.predict_proba(X)

    return LearnerView


class PeerStrategy(BaseStreamStrategy):
    """A scikit-activeml stream strategy deciding for a ``StreamLearner``.

    Benchmark scaffolding, not part of skactive: each chunk goes to the
    peer's ``query`` (with the learner's model as its classifier) and then
    to its ``update``, as scikit-activeml's stream loop does.
    """

    def __init__(self, peer=None, classes=None):
        self.peer = peer
        self.classes = classes

    def decide(self, learner, X, budget, random_state=None):
        if not hasattr(self, "peer_"):
            self.peer_ = clone(self.peer)
            self.view_ = _view_class()(classes=self.classes)
        self.view_.learner = learner
        if type(self.peer_).__name__ == "StreamRandomSampling":
            picked, utilities = self.peer_.query(X, return_utilities=True)
        else:
            picked, utilities = self.peer_.query(X, clf=self.view_, return_utilities=True)
        self.peer_.update(X, picked)
        mask = np.zeros(X.shape[0], dtype=bool)
        mask[np.asarray(picked, dtype=int)] = True
        return mask, np.asarray(utilities, dtype=float)


def _stream(X, y, seed, drift):
    order = np.random.RandomState(seed).permutation(X.shape[0])
    X, y = X[order], y[order].copy()
    if drift:  # classes 0 and 1 swap their labels half-way
        tail = y[X.shape[0] // 2:]
        zeros, ones = tail == 0, tail == 1
        tail[zeros], tail[ones] = 1, 0
    return X, y


def _measure(model, strategy, X_s, y_s, seed):
    learner = StreamLearner(model, strategy, budget=BUDGET, random_state=seed)
    result = stream_simulation(learner, X_s, y_s, n_initial=N_INITIAL, chunk_size=CHUNK)
    rows = X_s[N_INITIAL:N_INITIAL + N_TIMED]
    start = time.perf_counter()
    result.learner.should_query(rows)
    speed = rows.shape[0] / (time.perf_counter() - start)
    return result.accuracy[-1], result.n_labels[-1] / result.n_seen[-1], speed


def run(quick=False):
    n_seeds = 3 if quick else 10
    rows = []
    model = make_pipeline(StandardScaler(), SGDClassifier(loss="log_loss", random_state=0))
    has_peer = peer_strategies(np.arange(2), 0) is not None
    if not has_peer:
        print(f"note: {PEER} is not installed; measuring skactive's strategies only "
              "(pip install scikit-activeml for the side-by-side rows)")
    libraries = ("skactive", PEER) if has_peer else ("skactive",)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, (X, y) in streams().items():
            classes = np.unique(y)
            for drift in (False, True):
                keys = [(library, key) for library in libraries for key in strategies()]
                accuracy, spent, speed = ({key: [] for key in keys} for _ in range(3))
                for seed in range(n_seeds):
                    print(f"{name}{', drift' if drift else ''}: seed {seed}", file=sys.stderr,
                          flush=True)
                    X_s, y_s = _stream(X, y, seed, drift)
                    peers = peer_strategies(classes, seed) if has_peer else {}
                    for library, key in keys:
                        strategy = (strategies()[key] if library == "skactive"
                                    else PeerStrategy(peers[key], classes))
                        measured = _measure(model, strategy, X_s, y_s, seed)
                        for store, value in zip((accuracy, spent, speed), measured):
                            store[library, key].append(value)
                base = np.array(accuracy["skactive", "random"])
                for library, key in keys:
                    values = np.array(accuracy[library, key])
                    diff = values - base
                    se = diff.std(ddof=1) / np.sqrt(n_seeds)
                    is_base = (library, key) == ("skactive", "random")
                    rows.append({
                        "table": f"stream selection at budget {BUDGET}, prequential accuracy",
                        "stream": name + (", label swap half-way" if drift else ""),
                        "library": library,
                        "strategy": key,
                        "accuracy": round(float(values.mean()), 4),
                        "accuracy_se": round(float(values.std(ddof=1) / np.sqrt(n_seeds)), 4),
                        "diff_to_random": round(float(diff.mean()), 4),
                        "se": round(float(se), 4),
                        "significant": bool(not is_base and abs(diff.mean()) > 2 * se),
                        "spent": round(float(np.mean(spent[library, key])), 4),
                        "decisions_per_s": int(np.median(speed[library, key])),
                        "seeds": n_seeds,
                    })
    return rows


def format_table(rows):
    """The rows as a Markdown table, one line per stream, strategy and library."""
    lines = ["| stream | strategy | library | prequential accuracy ± s.e. | "
             "diff to random ± s.e. | spent | decisions/s |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        mark = "*" if row["significant"] else ""
        lines.append(
            f"| {row['stream']} | {row['strategy']} | {row['library']} | "
            f"{row['accuracy']:.3f} ± {row['accuracy_se']:.3f} | "
            f"{row['diff_to_random']:+.3f} ± {row['se']:.3f}{mark} | "
            f"{row['spent']:.3f} | {row['decisions_per_s']:,} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    results = run(args.quick)
    print(format_table(results))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
