"""One label per task from its Label Studio annotations (pure, no server)."""

from collections import Counter

__all__ = ["resolve_annotations"]

RULES = ("majority", "latest")


def resolve_annotations(annotations, choices, rule="majority", *, from_name="label",
                        task=None):
    """The label of a task, decided from its annotations.

    Parameters
    ----------
    annotations : list of dict
        The task's annotations as Label Studio returns them (``result``,
        ``was_cancelled``, ``created_at``/``updated_at``, ``id``).
    choices : sequence of str
        The choices of the project, to check every label against.
    rule : {"majority", "latest"}, default="majority"
        ``"majority"``: the label most annotators chose; a tie goes to the tied
        label annotated last. ``"latest"``: the label of the annotation
        submitted (or updated) last.
    from_name : str, default="label"
        Name of the ``Choices`` control holding the class.
    task : object, default=None
        Task id, only used in error messages.

    Returns
    -------
    label : str or None
        The chosen label, or ``None`` when no annotation carries one: every
        annotation was skipped (Label Studio marks them ``was_cancelled``) or
        submitted without a choice.

    Raises
    ------
    ValueError
        If an annotation holds a label that is not one of ``choices`` (the
        message names the task and the label), or several labels for this
        single-choice task.

    Examples
    --------
    >>> from skactive.annotation import resolve_annotations
    >>> def vote(label, when):
    ...     return {"id": when, "updated_at": f"2026-01-0{when}", "result": [
    ...         {"from_name": "label", "type": "choices",
    ...          "value": {"choices": [label]}}]}
    >>> votes = [vote("cat", 1), vote("dog", 2), vote("cat", 3)]
    >>> resolve_annotations(votes, ["cat", "dog"])
    'cat'
    >>> resolve_annotations(votes[:2], ["cat", "dog"])  # a tie: the latest
    'dog'
    >>> resolve_annotations([{"id": 1, "was_cancelled": True, "result": []}],
    ...                     ["cat", "dog"]) is None
    True
    """
    if rule not in RULES:
        raise ValueError(f"rule={rule!r} is not supported; use 'majority' or 'latest'")
    allowed = set(choices)
    voted = []  # (time key, label)
    for annotation in annotations:
        if annotation.get("was_cancelled"):
            continue
        labels = []
        for region in annotation.get("result") or ():
            if region.get("from_name", from_name) != from_name:
                continue
            labels.extend((region.get("value") or {}).get("choices") or ())
        if not labels:
            continue
        if len(labels) > 1:
            raise ValueError(
                f"task {task}: annotation {annotation.get('id')} holds several labels "
                f"{labels}; the project is single-choice"
            )
        label = labels[0]
        if label not in allowed:
            raise ValueError(
                f"task {task}: annotation {annotation.get('id')} has the label "
                f"{label!r}, which is not one of the classes {sorted(allowed)}"
            )
        voted.append((_when(annotation), label))
    if not voted:
        return None
    voted.sort(key=lambda item: item[0])
    if rule == "latest":
        return voted[-1][1]
    counts = Counter(label for _, label in voted)
    top = max(counts.values())
    # Walking from the latest, the first label with the top count wins a tie.
    return next(label for _, label in reversed(voted) if counts[label] == top)


def _when(annotation):
    # ISO 8601 timestamps from one server sort as text; the id breaks ties.
    stamp = annotation.get("updated_at") or annotation.get("created_at") or ""
    return (str(stamp), annotation.get("id") or 0)
