"""
====================
Cost-aware labeling
====================

Labels do not all cost the same: a long report takes longer to read than a
one-line message. When the budget is the annotator's *time*, the question is
not "which sample is most informative?" but "which sample is most
informative per minute?". :class:`~skactive.strategies.CostWeighted` divides
a base strategy's utility by each sample's cost.
"""

# %%
# Messages of very different lengths
# ----------------------------------
# Two topics. Every message has a few topic words drowned in filler, and its
# length varies from five to sixty words; reading time, our cost, is
# proportional to the length. Long messages hold more topic words, so the
# model tends to be *less* sure about short ones, which are cheap. That is
# exactly the situation where ignoring cost misleads.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from skactive import ActiveLearner
from skactive.strategies import CostWeighted, entropy_sampling, random_sampling

rng = np.random.RandomState(0)
topic_words = {
    "billing": "invoice payment refund charge card receipt price discount".split(),
    "shipping": "parcel delivery courier tracking address package late arrived".split(),
}
filler = ("hello please thanks regarding my order the a it was we you about "
          "today again still kind regards any news could would").split()


def message(topic):
    length = rng.randint(5, 61)
    words = rng.choice(filler, size=length)
    n_topic = max(1, length // 12)
    words[rng.choice(length, size=n_topic, replace=False)] = rng.choice(
        topic_words[topic], size=n_topic)
    return " ".join(words)


labels = rng.choice(list(topic_words), size=1000)
texts = [message(topic) for topic in labels]
pool_texts, pool_labels = texts[:700], labels[:700]
test_texts, test_labels = texts[700:], labels[700:]


def reading_cost(documents):
    """Cost of labeling each document: its number of words."""
    return np.array([len(document.split()) for document in documents], dtype=float)


# %%
# Spending a budget of words
# --------------------------
# The cost is a function of the pool, so it follows the rows as the pool
# shrinks. Each round labels five messages; we count the words read and stop
# at 1,500.


def run(strategy, word_budget=1500, batch_size=5):
    start = [int(np.flatnonzero(pool_labels == topic)[0]) for topic in topic_words]
    learner = ActiveLearner(make_pipeline(TfidfVectorizer(), LogisticRegression(C=10)),
                            strategy, random_state=0)
    learner.fit([pool_texts[i] for i in start], pool_labels[start])
    unlabeled = np.setdiff1d(np.arange(len(pool_texts)), start)
    words_read = [reading_cost([pool_texts[i] for i in start]).sum()]
    accuracy = [learner.score(test_texts, test_labels)]
    while words_read[-1] < word_budget:
        positions = learner.query([pool_texts[i] for i in unlabeled], batch_size)
        chosen = unlabeled[positions]
        documents = [pool_texts[i] for i in chosen]
        learner.teach(documents, pool_labels[chosen])
        unlabeled = np.delete(unlabeled, positions)
        words_read.append(words_read[-1] + reading_cost(documents).sum())
        accuracy.append(learner.score(test_texts, test_labels))
    return np.array(words_read), np.array(accuracy), len(learner.y_labeled_)


curves = {
    "entropy": run(entropy_sampling),
    "entropy per word (CostWeighted)": run(CostWeighted(entropy_sampling,
                                                        cost=reading_cost)),
    "random": run(random_sampling),
}

fig, ax = plt.subplots(figsize=(6.5, 4.2))
for (name, (words, accuracy, n_labels)), style in zip(curves.items(),
                                                      ["o-", "^-", "s--"]):
    ax.plot(words, accuracy, style, markersize=4,
            label=f"{name}: {n_labels} messages")
ax.set(xlabel="words read by the annotator", ylabel="test accuracy",
       title="Same reading time, different strategies")
ax.grid(alpha=0.3)
ax.legend(loc="lower right", framealpha=0.95)
fig.tight_layout()
plt.show()

# %%
# For the same reading time, the cost-weighted strategy labels more than
# twice as many messages (see the legend): it asks for short messages the
# model is unsure about, and its accuracy climbs much faster per word read.
# Plain entropy sampling already leans towards short messages, since they
# are the uncertain ones here, but it pays for a long message whenever that
# one is slightly more uncertain.
#
# Two details of :class:`~skactive.strategies.CostWeighted`: the cost can be
# an array aligned with the pool you pass to ``query`` or, as here, a
# function of the pool; and with a base whose utilities can be negative
# (margin), the utilities are shifted to start at zero before the division,
# so a costly row never looks *better* for its cost.
