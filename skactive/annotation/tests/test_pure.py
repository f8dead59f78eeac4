"""The parts of the Label Studio queue that need neither the SDK nor a server."""

import numpy as np
import pytest

from skactive.annotation import (
    config_choices,
    label_config,
    queue_scores,
    resolve_annotations,
)


# -- score mapping ---------------------------------------------------------------


def test_queue_scores_lowest_score_is_highest_utility():
    scores = queue_scores([0.2, 3.0, -1.0, 0.5])
    np.testing.assert_array_equal(scores, [0.5, 0.0, 0.75, 0.25])
    # Label Studio serves the lowest score first: that must be the learner's order.
    np.testing.assert_array_equal(np.argsort(scores), [1, 3, 0, 2])


def test_queue_scores_ties_keep_pool_order_and_infinities_rank():
    scores = queue_scores([1.0, np.inf, 1.0, -np.inf, 1.0])
    np.testing.assert_array_equal(np.argsort(scores), [1, 0, 2, 4, 3])
    assert np.isfinite(scores).all()


def test_queue_scores_first_comes_first_in_its_order():
    scores = queue_scores([0.9, 0.8, 0.1, 0.0, 0.5], first=[3, 2])
    np.testing.assert_array_equal(np.argsort(scores), [3, 2, 0, 1, 4])


def test_queue_scores_refuses_nan_and_bad_first():
    with pytest.raises(ValueError, match="row 1 is NaN"):
        queue_scores([0.1, np.nan])
    with pytest.raises(ValueError, match="duplicate"):
        queue_scores([0.1, 0.2], first=[1, 1])
    with pytest.raises(ValueError, match=r"outside \[0, 2\)"):
        queue_scores([0.1, 0.2], first=[2])
    with pytest.raises(ValueError, match="1-D"):
        queue_scores([[0.1, 0.2]])


# -- labeling configurations -------------------------------------------------------


@pytest.mark.parametrize("data_type, tag", [("text", "Text"), ("image", "Image"),
                                            ("table", "Table")])
def test_label_config_round_trips_the_classes(data_type, tag):
    classes = np.array([3, 10, 7])
    config = label_config(classes, data_type=data_type)
    assert f'<{tag} name="{data_type}" value="${data_type}"/>' in config
    assert f'toName="{data_type}"' in config
    assert config_choices(config) == ["3", "10", "7"]


def test_label_config_escapes_labels():
    config = label_config(['say "hi"', "a<b & c"])
    assert config_choices(config) == ['say "hi"', "a<b & c"]


def test_label_config_refuses_unknown_type_and_clashing_classes():
    with pytest.raises(ValueError, match="data_type='audio' is not supported"):
        label_config(["a", "b"], data_type="audio")
    with pytest.raises(ValueError, match="both written '1'"):
        label_config(np.array([1, "1"], dtype=object))
    with pytest.raises(ValueError, match="at least one class"):
        label_config([])


def test_config_choices_uses_alias_and_needs_one_choices_control():
    config = ('<View><Text name="t" value="$t"/><Choices name="c" toName="t">'
              '<Choice value="Positive" alias="pos"/><Choice value="neg"/>'
              "</Choices></View>")
    assert config_choices(config) == ["pos", "neg"]
    with pytest.raises(ValueError, match="0 <Choices> controls"):
        config_choices('<View><Text name="t" value="$t"/></View>')
    with pytest.raises(ValueError, match="not valid XML"):
        config_choices("<View>")


# -- annotation resolution ---------------------------------------------------------


def _annotation(id, label, when, cancelled=False, from_name="label"):
    result = [] if label is None else [
        {"from_name": from_name, "to_name": "text", "type": "choices",
         "value": {"choices": [label]}}]
    return {"id": id, "result": result, "was_cancelled": cancelled,
            "created_at": when, "updated_at": when}


def test_majority_wins_and_a_tie_goes_to_the_latest():
    votes = [_annotation(1, "a", "2026-01-01T10:00:00Z"),
             _annotation(2, "b", "2026-01-01T11:00:00Z"),
             _annotation(3, "a", "2026-01-01T09:00:00Z")]
    assert resolve_annotations(votes, ["a", "b"]) == "a"
    assert resolve_annotations(votes, ["a", "b"], rule="latest") == "b"
    assert resolve_annotations(votes[:2], ["a", "b"]) == "b"
    # Updated later: the update time counts, not the creation.
    votes[0]["updated_at"] = "2026-01-02T00:00:00Z"
    assert resolve_annotations(votes[:2], ["a", "b"]) == "a"


def test_cancelled_and_empty_annotations_do_not_vote():
    votes = [_annotation(1, "b", "2026-01-01T12:00:00Z", cancelled=True),
             _annotation(2, None, "2026-01-01T13:00:00Z"),
             _annotation(3, "a", "2026-01-01T10:00:00Z"),
             _annotation(4, "x", "2026-01-01T14:00:00Z", from_name="other")]
    assert resolve_annotations(votes, ["a", "b"]) == "a"
    assert resolve_annotations(votes[:2], ["a", "b"]) is None


def test_a_label_outside_the_classes_names_the_task():
    votes = [_annotation(7, "zebra", "2026-01-01T10:00:00Z")]
    with pytest.raises(ValueError, match="task 42: annotation 7 has the label 'zebra'"):
        resolve_annotations(votes, ["a", "b"], task=42)
    with pytest.raises(ValueError, match="rule='vote'"):
        resolve_annotations(votes, ["a", "b"], rule="vote")


# -- the optional SDK ----------------------------------------------------------------


def test_importing_skactive_needs_no_sdk():
    import subprocess
    import sys

    code = ("import sys, skactive, skactive.annotation; "
            "print('label_studio_sdk' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_without_the_sdk_the_queue_says_how_to_install_it():
    import importlib.util

    from skactive.annotation import LabelStudioQueue

    if importlib.util.find_spec("label_studio_sdk") is not None:
        pytest.skip("label-studio-sdk is installed")
    queue = LabelStudioQueue("http://127.0.0.1:9", api_key="key")
    with pytest.raises(ImportError, match=r'pip install "\.\[labelstudio\]"'):
        queue.pull()


def test_queue_settings_are_checked_before_any_request():
    from skactive.annotation import LabelStudioQueue

    with pytest.raises(ValueError, match="data_type='audio' is not supported"):
        LabelStudioQueue("http://127.0.0.1:9", api_key="k", data_type="audio").pull()
    with pytest.raises(ValueError, match="rule='vote' is not supported"):
        LabelStudioQueue("http://127.0.0.1:9", api_key="k", rule="vote").pull()


def test_push_refuses_a_learner_of_another_task():
    from sklearn.linear_model import LinearRegression

    from skactive._base import BaseLearner
    from skactive.annotation import LabelStudioQueue

    class Regressor(BaseLearner):  # what an ActiveRegressor declares
        def __init__(self, estimator):
            self.estimator = estimator

        def _task(self):
            return "regression"

    queue = LabelStudioQueue("http://127.0.0.1:9", api_key="k")
    with pytest.raises(TypeError, match="Regressor learns a regression task"):
        queue.push(Regressor(LinearRegression()), np.zeros((3, 1)))
