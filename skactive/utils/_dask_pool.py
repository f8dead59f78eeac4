"""Pools that live on a Dask cluster: scored block by block where they are.

``BaseLearner.query`` hands a ``dask.array.Array`` or ``dask.dataframe.DataFrame``
pool to :func:`query_dask_pool`. Each block is scored on a worker by a
strategy whose utility of a row depends on that row alone (uncertainty,
committee disagreement, expected model change, random sampling); each block
keeps its best rows, pairs of candidate sets are merged on the workers, and
only the final few rows (positions and scores) reach the client. The learner
enters the task graph once, as one key every block depends on, so it is
shipped to each worker once per query.

Strategies that compare pool rows with each other (CoreSet, RankedBatch,
BADGE, DiverseBatch, density weighting, lookahead strategies) cannot work
block by block: they raise a ``TypeError`` that says how to pre-select on the
cluster and finish locally.

Dask is imported only when a Dask pool is passed (optional extra
``distributed``).
"""

import uuid

import numpy as np


def is_dask_collection(X):
    """Whether ``X`` is a Dask array or dataframe (without importing Dask)."""
    module = type(X).__module__ or ""
    return module.split(".")[0] == "dask" and hasattr(X, "__dask_graph__")


def _pointwise_utility(strategy):
    """``(learner, rows) -> scores`` for strategies that score rows one by one.

    ``None`` for any other strategy. Random sampling is handled apart.
    """
    from ..strategies import (
        ExpectedModelChange,
        consensus_entropy_sampling,
        entropy_sampling,
        kl_divergence_sampling,
        margin_sampling,
        uncertainty_sampling,
        vote_entropy_sampling,
    )
    from ..strategies._disagreement import disagreement_utility
    from ..strategies._uncertainty import uncertainty_utility

    uncertainty = {
        uncertainty_sampling: "least_confident",
        margin_sampling: "margin",
        entropy_sampling: "entropy",
    }
    committee = {
        vote_entropy_sampling: "vote_entropy",
        kl_divergence_sampling: "kl_divergence",
        consensus_entropy_sampling: "consensus_entropy",
    }
    if strategy in uncertainty:
        measure = uncertainty[strategy]
        return lambda learner, rows: uncertainty_utility(learner, rows, measure)
    if strategy in committee:
        measure = committee[strategy]
        return lambda learner, rows: disagreement_utility(learner, rows, measure)
    if type(strategy) is ExpectedModelChange and strategy.feature_norm != "clip":
        # "clip" caps norms at the whole pool's median, which no block knows.
        return strategy.utility
    return None


def _block_candidates(learner, score, block, index, n_instances, seed):
    """The rows of one block that may be among the best ``n_instances``."""
    if hasattr(block, "to_numpy") and not hasattr(learner, "feature_names_in_"):
        block = block.to_numpy()
    n = block.shape[0]
    if score is None:  # random sampling: seeded per block
        scores = np.random.RandomState([seed, index]).random_sample(n)
    else:
        scores = np.asarray(score(learner, block), dtype=float)
    if np.isnan(scores).any():
        raise ValueError(
            "The strategy produced NaN scores on a block of the Dask pool; "
            "check the estimator's probabilities on the pool."
        )
    keep = np.arange(n)
    if n > n_instances:
        # Every row at least as good as the block's n-th best: the global
        # n-th best is no lower, so no row the in-memory query would
        # consider (ties included) is dropped.
        threshold = np.partition(scores, n - n_instances)[n - n_instances]
        keep = np.flatnonzero(scores >= threshold)
    return {
        "block": np.full(keep.shape[0], index, dtype=np.intp),
        "row": keep,
        "score": scores[keep],
        "lengths": {index: n},
    }


def _merge(n_instances, *parts):
    block = np.concatenate([p["block"] for p in parts])
    row = np.concatenate([p["row"] for p in parts])
    score = np.concatenate([p["score"] for p in parts])
    lengths = {}
    for p in parts:
        lengths.update(p["lengths"])
    if score.shape[0] > n_instances:
        threshold = np.partition(score, score.shape[0] - n_instances)[
            score.shape[0] - n_instances
        ]
        keep = score >= threshold
        block, row, score = block[keep], row[keep], score[keep]
    return {"block": block, "row": row, "score": score, "lengths": lengths}


def _block_scores(learner, score, block, index, seed):
    if hasattr(block, "to_numpy") and not hasattr(learner, "feature_names_in_"):
        block = block.to_numpy()
    if score is None:
        return np.random.RandomState([seed, index]).random_sample(block.shape[0])
    return np.asarray(score(learner, block), dtype=float)


def _blocks(X_pool):
    """Delayed row blocks of the pool (arrays: whole rows per block)."""
    if hasattr(X_pool, "to_delayed") and hasattr(X_pool, "chunks"):
        if X_pool.ndim != 2:
            raise ValueError(
                f"A Dask array pool must be 2-D (rows x features), got {X_pool.ndim}-D."
            )
        if len(X_pool.chunks[1]) > 1:
            X_pool = X_pool.rechunk({1: -1})  # a block must hold whole rows
        return list(X_pool.to_delayed().ravel())
    return list(X_pool.to_delayed())


def query_dask_pool(learner, strategy, X_pool, n_instances, *, random_state,
                    return_scores=False, split_every=8):
    """``learner.query`` on a Dask pool; see the module docstring.

    Parameters
    ----------
    learner : fitted learner
    strategy : callable
        The query strategy the learner uses now.
    X_pool : dask.array.Array or dask.dataframe.DataFrame
        Row blocks of the pool (array blocks must span all columns, or are
        rechunked to).
    n_instances : int
    random_state : RandomState
        The learner's random state: breaks ties exactly as the in-memory
        query does, and seeds random sampling.
    return_scores : bool
        Also return every row's score, as a lazy ``dask.array`` (not computed).
    split_every : int
        Candidate sets merged per task in the tree reduction.

    Returns
    -------
    positions : ndarray of shape (n_instances,)
        Global row positions, best first.
    scores : dask.array.Array, only with ``return_scores=True``
    """
    try:
        import dask
        import dask.array as da
    except ImportError as exc:  # pragma: no cover - dask is installed in CI
        raise ImportError(
            "Querying a Dask pool needs Dask: pip install \".[distributed]\""
        ) from exc
    from ..strategies import random_sampling
    from ..strategies._base import _name
    from ..strategies._selection import select_top_k

    if n_instances < 1:
        raise ValueError(f"n_instances={n_instances} is out of range: it must be at least 1.")
    score = None
    if strategy is not random_sampling:
        score = _pointwise_utility(strategy)
        if score is None:
            raise TypeError(
                f"{_name(strategy)} cannot query a Dask pool: it compares pool "
                "rows with each other, which cannot be done block by block on "
                "the workers. Pre-select on the cluster with a strategy that "
                "scores rows one by one (uncertainty, committee, "
                "ExpectedModelChange(feature_norm='full'), random_sampling), then "
                "run the batch "
                "strategy on those rows in memory: candidates = "
                "learner_margin.query(X_pool, 10_000); rows = "
                "X_pool[candidates].compute(); candidates[batch_learner.query(rows, k)]."
            )
    expected = getattr(learner, "n_features_in_", None)
    n_columns = X_pool.shape[1] if len(X_pool.shape) == 2 else None
    if expected is not None and n_columns is not None and n_columns != expected:
        raise ValueError(
            f"X_pool has {n_columns} features, but {type(learner).__name__} "
            f"was fitted with {expected} features."
        )
    seed = int(random_state.randint(np.iinfo(np.int32).max)) if score is None else 0
    blocks = _blocks(X_pool)
    # One key for the learner: every block task depends on it, so each
    # worker receives the model once per query, not once per block.
    shipped = dask.delayed(learner, name=f"skactive-learner-{uuid.uuid4().hex}")
    candidate_sets = [
        dask.delayed(_block_candidates, pure=True)(
            shipped, score, block, index, n_instances, seed
        )
        for index, block in enumerate(blocks)
    ]
    while len(candidate_sets) > 1:  # tree reduction on the workers
        candidate_sets = [
            dask.delayed(_merge, pure=True)(n_instances, *candidate_sets[i:i + split_every])
            for i in range(0, len(candidate_sets), split_every)
        ]
    (final,) = dask.compute(candidate_sets[0])
    lengths = np.array([final["lengths"][i] for i in range(len(blocks))])
    n_pool = int(lengths.sum())
    if n_instances > n_pool:
        raise ValueError(
            f"n_instances={n_instances} is out of range: it must be between "
            f"1 and the number of rows in X_pool ({n_pool})."
        )
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    positions = offsets[final["block"]] + final["row"]
    order = np.argsort(positions, kind="stable")  # pool order, as in memory
    positions, scores = positions[order], final["score"][order]
    # The in-memory query draws its tie-breakers over exactly these rows.
    best = positions[select_top_k(scores, n_instances, random_state)]
    if not return_scores:
        return best
    pieces = [
        da.from_delayed(
            dask.delayed(_block_scores, pure=True)(shipped, score, block, index, seed),
            shape=(int(length),), dtype=float,
        )
        for index, (block, length) in enumerate(zip(blocks, lengths))
    ]
    return best, da.concatenate(pieces)
