"""
=========================================
Active learning for text classification
=========================================

Text is where labels are most expensive: someone has to read every
document. The learner below is a scikit-learn Pipeline that starts from raw
strings (a :class:`~sklearn.feature_extraction.text.TfidfVectorizer` followed
by a logistic regression), so the pool is simply a Python list of texts and
``query`` returns positions into that list.
"""

# %%
# A small corpus, made up on the spot
# -----------------------------------
# Short messages on three topics, assembled from topic words and a shared
# vocabulary of everyday words. Some messages mix in a word from another
# topic, as real messages do, so that a few of them are genuinely ambiguous.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from skactive import ActiveLearner
from skactive.strategies import entropy_sampling, random_sampling

topics = {
    "sport": "match goal team coach league referee striker season score stadium "
             "tennis racket marathon sprint medal",
    "cooking": "recipe oven garlic butter simmer dough sauce onion bake flour "
               "pepper roast salad spoon kitchen",
    "computing": "laptop python compiler bug server memory keyboard network "
                 "database software install update cloud screen code",
}
everyday = ("today yesterday really great new my our friend weekend again "
            "first best long quick after before with the a this").split()

rng = np.random.RandomState(0)


def message(topic):
    own = rng.choice(topics[topic].split(), size=rng.randint(2, 5))
    filler = rng.choice(everyday, size=rng.randint(3, 7))
    words = list(own) + list(filler)
    if rng.rand() < 0.3:  # a stray word from another topic
        other = rng.choice([t for t in topics if t != topic])
        words.append(rng.choice(topics[other].split()))
    rng.shuffle(words)
    return " ".join(words)


labels = rng.choice(list(topics), size=900)
texts = [message(topic) for topic in labels]
print(texts[:3], labels[:3])

pool_texts, pool_labels = texts[:600], labels[:600]
test_texts, test_labels = texts[600:], labels[600:]

# %%
# Querying a list of strings
# --------------------------
# Three labeled messages to begin with, one per topic. The positions returned
# by ``query`` index the list of remaining texts; we keep the positions of
# those texts in the full pool alongside.
initial = [int(np.flatnonzero(pool_labels == topic)[0]) for topic in topics]


def run(strategy, n_rounds=12, batch_size=3):
    learner = ActiveLearner(make_pipeline(TfidfVectorizer(), LogisticRegression(C=10)),
                            strategy, random_state=0)
    learner.fit([pool_texts[i] for i in initial], pool_labels[initial])
    unlabeled = np.setdiff1d(np.arange(len(pool_texts)), initial)
    n_labels, accuracy = [3], [learner.score(test_texts, test_labels)]
    for round_ in range(n_rounds):
        positions = learner.query([pool_texts[i] for i in unlabeled], batch_size)
        chosen = unlabeled[positions]
        if round_ == 0 and strategy is entropy_sampling:
            print("first texts the learner asks about:")
            for i in chosen:
                print(f"  {pool_texts[i]!r}  ->  {pool_labels[i]}")
        learner.teach([pool_texts[i] for i in chosen], pool_labels[chosen])
        unlabeled = np.delete(unlabeled, positions)
        n_labels.append(len(learner.y_labeled_))
        accuracy.append(learner.score(test_texts, test_labels))
    return n_labels, accuracy


entropy_curve = run(entropy_sampling)
random_curve = run(random_sampling)

# %%
# The first questions are about messages whose topic words the model has
# never seen (its vocabulary so far comes from three messages), so it cannot
# place them; their labels teach it a whole set of new words at once.

fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(*entropy_curve, "o-", label="entropy sampling")
ax.plot(*random_curve, "s--", color="grey", label="random sampling")
ax.set(xlabel="number of labeled messages", ylabel="test accuracy",
       title="Three-topic messages, TF-IDF + logistic regression")
ax.grid(alpha=0.3)
ax.legend(loc="lower right")
fig.tight_layout()
plt.show()

# %%
# With a vectorizer in the Pipeline, the vocabulary is refitted on the
# labeled texts at every ``teach``, so words first seen in a newly labeled
# message immediately count. Sparse TF-IDF matrices work as pools too: pass
# ``vectorizer.transform(texts)`` with a model that starts after the
# vectorizer if you would rather fit the vocabulary once on all texts.
