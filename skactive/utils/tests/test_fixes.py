import re

from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner, QueryByCommittee
from skactive.strategies import DensityWeighted, margin_sampling, kl_divergence_sampling
from skactive.utils._fixes import readable_function_reprs

ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def test_function_parameters_show_by_name():
    learner = ActiveLearner(LogisticRegression(), DensityWeighted(kl_divergence_sampling))
    assert " ".join(repr(learner).split()) == (
        "ActiveLearner(estimator=LogisticRegression(), "
        "query_strategy=DensityWeighted(base=kl_divergence_sampling))"
    )
    assert repr(DensityWeighted(kl_divergence_sampling)) == "DensityWeighted(base=kl_divergence_sampling)"
    committee = QueryByCommittee([LogisticRegression()], kl_divergence_sampling)
    assert "kl_divergence_sampling" in repr(committee)
    assert not ADDRESS.search(repr(committee))


def test_notebook_html_repr_has_no_addresses():
    learner = ActiveLearner(LogisticRegression(), DensityWeighted(kl_divergence_sampling))
    html = learner._repr_html_()
    bundle = learner._repr_mimebundle_()
    assert "base=kl_divergence_sampling" in html
    assert not ADDRESS.search(html)
    assert not ADDRESS.search(bundle["text/html"])
    assert not ADDRESS.search(bundle["text/plain"])


def test_only_function_reprs_change():
    def local():
        pass

    text = f"A(f={local!r}, g=<object at 0x12>)"
    assert readable_function_reprs(text) == (
        "A(f=test_only_function_reprs_change.<locals>.local, g=<object at 0x12>)"
    )
    assert readable_function_reprs("&lt;function f at 0xAB&gt;") == "f"
