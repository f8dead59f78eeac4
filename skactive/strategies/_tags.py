"""What a strategy declares about itself, for the contract checks and for users."""

from dataclasses import dataclass, field

#: The pool-based tasks a learner can have; a strategy's ``tasks`` tag is a subset.
POOL_TASKS = frozenset({"classification", "multilabel", "regression"})


@dataclass
class StrategyTags:
    """Declared properties of a query strategy.

    Attributes
    ----------
    requires_fit : bool, default=True
        The strategy needs a fitted learner; ``False`` for model-free
        strategies that can choose the first batch of a project (cold start).
    committee : bool, default=False
        The strategy needs a committee (``QueryByCommittee``).
    sparse : bool, default=True
        The strategy accepts sparse pools (and so raw-text pools through a
        vectorizing Pipeline).
    position_free : bool, default=True
        Scores and choices depend only on the rows' contents, never on their
        order in the pool, so permuting the pool permutes the answer.
        ``False`` for strategies that draw random numbers per position.
    tasks : frozenset of str, default=frozenset({"classification"})
        The tasks the strategy serves, among ``"classification"``,
        ``"multilabel"`` and ``"regression"``. A learner refuses a strategy
        that does not serve its task. Model-free strategies serve them all;
        composite strategies serve what their base serves.

    Examples
    --------
    >>> from skactive.strategies import get_strategy_tags, random_sampling
    >>> get_strategy_tags(random_sampling).requires_fit
    False
    """

    requires_fit: bool = True
    committee: bool = False
    sparse: bool = True
    position_free: bool = True
    tasks: frozenset = field(default_factory=lambda: frozenset({"classification"}))


def declare_tags(**tags):
    """Decorator that declares :class:`StrategyTags` on a strategy function.

    Classes deriving from ``BaseQueryStrategy`` override
    ``__skactive_tags__`` instead.

    Examples
    --------
    >>> from skactive.strategies import declare_tags, get_strategy_tags
    >>> @declare_tags(requires_fit=False)
    ... def first_rows(learner, X_pool, n_instances=1, *, random_state=None):
    ...     return list(range(n_instances))
    >>> get_strategy_tags(first_rows).requires_fit
    False
    """
    declared = StrategyTags(**tags)

    def decorate(strategy):
        strategy.__skactive_tags__ = lambda: StrategyTags(**vars(declared))
        return strategy

    return decorate


def get_strategy_tags(strategy):
    """The :class:`StrategyTags` of a strategy (defaults for undeclared ones).

    Examples
    --------
    >>> from skactive.strategies import get_strategy_tags, random_sampling
    >>> from skactive.strategies import vote_entropy_sampling
    >>> get_strategy_tags(vote_entropy_sampling).committee
    True
    >>> sorted(get_strategy_tags(random_sampling).tasks)
    ['classification', 'multilabel', 'regression']
    """
    declared = getattr(strategy, "__skactive_tags__", None)
    return declared() if callable(declared) else StrategyTags()


def base_tasks(base):
    """The tasks a composite strategy serves: those of its base (all without one)."""
    return POOL_TASKS if base is None else get_strategy_tags(base).tasks
