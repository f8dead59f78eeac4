"""Label Studio labeling configurations for a classification task.

A configuration is the XML that tells Label Studio what to show (a text, an
image, a small table of feature values) and which choices to offer. These
helpers are pure: they need neither the SDK nor a server.
"""

import xml.etree.ElementTree as ET
from xml.sax.saxutils import quoteattr

__all__ = ["label_config", "config_choices"]

#: Task data key that holds what the annotator sees, per data type.
DATA_KEYS = {"text": "text", "image": "image", "table": "table"}

# The Label Studio tag that shows each data type.
_OBJECT_TAGS = {"text": "Text", "image": "Image", "table": "Table"}

#: The ``from_name`` of the choices in every configuration written here.
CHOICES_NAME = "label"


def label_config(classes, data_type="text"):
    """The Label Studio labeling configuration for a classification task.

    Parameters
    ----------
    classes : array-like of shape (n_classes,)
        The class labels, in the learner's order (``learner.classes_``).
        Label Studio stores choices as text, so every class is written with
        ``str``; two classes with the same text are an error.
    data_type : {"text", "image", "table"}, default="text"
        What the annotator sees: a text (task data key ``"text"``), an image
        from a URL (key ``"image"``), or a row of feature values shown as a
        two-column table (key ``"table"``, a dict of column name to value).

    Returns
    -------
    config : str
        The XML of the configuration, with one single-choice ``Choices``
        control named ``"label"``.

    Examples
    --------
    >>> from skactive.annotation import label_config
    >>> print(label_config(["ham", "spam"]))
    <View>
      <Text name="text" value="$text"/>
      <Choices name="label" toName="text" choice="single" showInLine="true">
        <Choice value="ham"/>
        <Choice value="spam"/>
      </Choices>
    </View>
    """
    if data_type not in _OBJECT_TAGS:
        raise ValueError(
            f"data_type={data_type!r} is not supported; use one of "
            f"{', '.join(repr(t) for t in _OBJECT_TAGS)}."
        )
    names = _choice_names(classes)
    key = DATA_KEYS[data_type]
    lines = [
        "<View>",
        f'  <{_OBJECT_TAGS[data_type]} name="{key}" value="${key}"/>',
        f'  <Choices name="{CHOICES_NAME}" toName="{key}" choice="single" '
        'showInLine="true">',
        *(f"    <Choice value={quoteattr(name)}/>" for name in names),
        "  </Choices>",
        "</View>",
    ]
    return "\n".join(lines)


def config_choices(config):
    """The choice values of a labeling configuration, in their order.

    Parameters
    ----------
    config : str
        A Label Studio labeling configuration (XML).

    Returns
    -------
    choices : list of str
        The ``value`` of every ``Choice`` of its single ``Choices`` control.

    Raises
    ------
    ValueError
        If the XML is not valid, or it has no ``Choices`` control or more
        than one (the queue would not know which one holds the class).

    Examples
    --------
    >>> from skactive.annotation import config_choices, label_config
    >>> config_choices(label_config([0, 1, 2], data_type="table"))
    ['0', '1', '2']
    """
    try:
        root = ET.fromstring(config)
    except ET.ParseError as exc:
        raise ValueError(f"the labeling configuration is not valid XML: {exc}") from None
    controls = [element for element in root.iter() if element.tag == "Choices"]
    if len(controls) != 1:
        raise ValueError(
            f"the labeling configuration has {len(controls)} <Choices> controls; "
            "a classification queue needs exactly one"
        )
    control = controls[0]
    return [
        # An alias, when set, is what Label Studio stores in the annotation.
        choice.get("alias") or choice.get("value", "")
        for choice in control.iter()
        if choice.tag == "Choice"
    ]


def choices_control(config):
    """``(from_name, to_name)`` of the single ``Choices`` control of ``config``."""
    root = ET.fromstring(config)
    control = next(element for element in root.iter() if element.tag == "Choices")
    return control.get("name"), control.get("toName")


def _choice_names(classes):
    names = [str(label) for label in classes]
    if not names:
        raise ValueError("a classification project needs at least one class")
    seen = {}
    for label, name in zip(classes, names):
        if name in seen:
            raise ValueError(
                f"classes {seen[name]!r} and {label!r} are both written {name!r} in "
                "Label Studio; give the classes distinct string forms"
            )
        seen[name] = label
    return names
