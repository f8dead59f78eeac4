"""Find every public strategy and learner, so no check can skip one."""

import inspect


def all_strategies():
    """Every public strategy of :mod:`skactive.strategies`.

    Strategy functions are those that declare
    :class:`~skactive.strategies.StrategyTags`; strategy classes are the
    subclasses of :class:`~skactive.strategies.BaseQueryStrategy`.

    Returns
    -------
    list of (str, callable or type)
        Names with the function or the class, sorted by name.

    Examples
    --------
    >>> from skactive.utils.discovery import all_strategies
    >>> names = [name for name, _ in all_strategies()]
    >>> "margin_sampling" in names
    True
    """
    from .. import strategies  # lazy: utils sit below strategies

    found = []
    for name in strategies.__all__:
        obj = getattr(strategies, name)
        base = strategies.BaseQueryStrategy
        if inspect.isclass(obj):
            if issubclass(obj, base) and obj is not base:
                found.append((name, obj))
        elif callable(obj) and hasattr(obj, "__skactive_tags__"):
            found.append((name, obj))
    return sorted(found)


def all_learners():
    """Every public learner class of :mod:`skactive`.

    Returns
    -------
    list of (str, type)
        Sorted by name.

    Examples
    --------
    >>> from skactive.utils.discovery import all_learners
    >>> [name for name, _ in all_learners()]
    ['ActiveLearner', 'ActiveRegressor', 'CommitteeRegressor', 'QueryByCommittee']
    """
    import skactive

    from .._base import BaseLearner

    return sorted(
        (name, getattr(skactive, name))
        for name in skactive.__all__
        if inspect.isclass(getattr(skactive, name))
        and issubclass(getattr(skactive, name), BaseLearner)
    )
