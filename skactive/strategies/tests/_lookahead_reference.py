"""The lookahead of ExpectedErrorReduction(method="approx") computed naively.

Every product goes through the whitened embedding ``T = (I ⊗ [x, 1])^T R``
of all ``P = m (d + 1)`` parameters (``R R^T = H^+`` from one
eigendecomposition of the whole Hessian), candidate by candidate label. This
was the library's implementation before the labeled-subspace split; the fast
path must give the same utilities.
"""

import numpy as np

from skactive.strategies._gradients import (
    CurvatureGeometry,
    LogisticView,
    entropy_of_logits,
    output_curvature,
    output_gradients,
    output_third_derivative,
    zero_one_of_logits,
)


def reference_shifts(learner, reference_rows, candidate_rows):
    """Reference logit shifts ``(n_c, n_classes, m, n_ref)``, whitened algebra."""
    view = LogisticView(learner)
    geometry = CurvatureGeometry(view)
    binary = view.binary
    reference_embedding = geometry.embed(view.features_and_proba(reference_rows)[0])
    labeled_embedding = geometry.embed(geometry.labeled_features)
    features, proba = view.features_and_proba(candidate_rows)
    embedding = geometry.embed(features)
    curvature = output_curvature(proba, binary)
    q_self = embedding @ np.swapaxes(embedding, 1, 2)
    n_c, m, n_p = embedding.shape
    gradients = np.stack(
        [
            output_gradients(proba, np.full(n_c, c), binary)
            for c in range(view.n_classes)
        ],
        axis=2,
    )
    n_labels = gradients.shape[2]
    system = np.eye(m) + curvature @ q_self
    steps = np.swapaxes(np.linalg.solve(system, gradients), 1, 2)
    direction = steps @ embedding
    flat = direction.reshape(n_c * n_labels, n_p)
    labeled = labeled_embedding.reshape(-1, n_p)
    on_labeled = -(flat @ labeled.T).reshape(n_c, n_labels, -1, m)
    on_candidate = -(steps @ np.swapaxes(q_self, 1, 2))
    third_labeled = output_third_derivative(
        geometry.labeled_proba[None, None], on_labeled, binary
    )
    third_candidate = output_third_derivative(proba[:, None], on_candidate, binary)
    pull = (third_labeled.reshape(n_c * n_labels, -1) @ labeled).reshape(
        n_c, n_labels, n_p
    )
    pull += third_candidate @ embedding
    absorbed = np.swapaxes(np.linalg.solve(system, curvature), 1, 2)
    through_candidate = (pull @ np.swapaxes(embedding, 1, 2)) @ absorbed
    combined = direction + 0.5 * (pull - through_candidate @ embedding)
    reference = np.swapaxes(reference_embedding, 0, 1).reshape(-1, n_p)
    shifts = combined.reshape(n_c * n_labels, n_p) @ reference.T
    return -shifts.reshape(n_c, n_labels, m, -1)


def reference_utility(learner, pool, loss="log"):
    """Negated expected loss, every pool row a candidate and a reference row."""
    view = LogisticView(learner)
    shifts = reference_shifts(learner, pool, pool)
    reference_logits = view.logits(view.features_and_proba(pool)[1])
    pool_loss = entropy_of_logits if loss == "log" else zero_one_of_logits
    losses = pool_loss(reference_logits.T + shifts, view.binary, axis=2)
    proba = view.features_and_proba(pool)[1]
    return -(proba * losses.mean(axis=2)).sum(axis=1)
