"""Item response theory: the item model, its priors from authored difficulty, and calibration.

The model, on the logistic metric (no 1.7 scaling, as `girth` and `mirt` report it): the chance
of a right answer at ability theta is P = c + (1 - c) / (1 + exp(-a (theta - b))), with
discrimination a, difficulty b and a guessing floor c fixed at 1 / options for a choice item (a
single choice, a true/false) and 0 for every other type, whose answers are not guessed from a
short list. The 1PL is the same model with a fixed at the prior's median. An item's information
is the 3PL's with that fixed c: a^2 (1 - c) L^2 (1 - L) / P, where L is the logistic part.

Authored difficulty 1 to 5 sets b's prior: normal, centred at -2, -1, 0, 1, 2 with SD 1, so an
author's "3" says "about average" and a fit may move it by a step or two on evidence. The prior
on a is lognormal with median 1.7 and log-SD 0.4 (95 % between 0.78 and 3.7): BILOG-MG's
default centre (a median of 1 on the normal-ogive metric, 1.7 on this one).

Calibration is marginal maximum likelihood by EM (Bock and Aitkin, 1981) on a fixed grid of 41
points from -4 to 4 under a standard normal ability distribution, which sets the scale; the
priors regularise each item's M-step (a MAP estimate), one Fisher-scoring step in (log a, b) per
iteration, halved until the item's objective does not fall (a fixed c makes it not concave);
SQUAREM extrapolates the EM steps. It stops when no a or b moves by more than 0.001. Only each
profile's first attempt at an item counts (later ones have seen its feedback), right only at full
credit. Items with fewer than `MIN_ANSWERS` first attempts keep their prior and take no part in
the fit. Standard errors come from the observed information of the marginal likelihood, each
item's own block by Louis's (1982) formula, prior included; the covariance between items is left
out, as item-wise standard errors usually do.
"""

from __future__ import annotations

import math
import operator
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, Protocol

import msgspec

from trainer.content.models import Question, Single, TrueFalse
from trainer.engine.scoring import full_marks

MIN_ANSWERS = 30
"""First attempts an item needs before its parameters are fitted; below, it keeps its prior. At
30, the answers to a middling free-response item pin log a about as closely as its prior does
(a standard error near 0.4 with ability known); fewer would say less than the prior."""
# Where a fit stops (girth bounds a the same way): an item answered all right or all wrong has
# no finite maximum-likelihood b, and a fit without priors would run off.
A_BOUNDS = (0.2, 5.0)
B_BOUNDS = (-6.0, 6.0)
Z95 = statistics.NormalDist().inv_cdf(0.975)


class Parameters(msgspec.Struct, frozen=True):
    """One item's parameters: discrimination `a`, difficulty `b` and guessing floor `c`."""

    id: str
    a: float
    b: float
    c: float = 0.0


def logistic(z: float) -> float:
    """1 / (1 + e^-z) without overflow at either end."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def probability(item: Parameters, theta: float) -> float:
    """The chance of a right answer at ability `theta`."""
    return item.c + (1.0 - item.c) * logistic(item.a * (theta - item.b))


def information(item: Parameters, theta: float) -> float:
    """Fisher information of one answer at `theta` (the 3PL's formula with c fixed)."""
    z = item.a * (theta - item.b)
    low, high = logistic(z), logistic(-z)
    return item.a * item.a * (1.0 - item.c) * low * low * high / (item.c + (1.0 - item.c) * low)


def _log_logistic(z: float) -> float:
    """log(1 / (1 + e^-z)) without overflow or underflow."""
    if z >= 0:
        return -math.log1p(math.exp(-z))
    return z - math.log1p(math.exp(z))


def log_chances(item: Parameters, theta: float) -> tuple[float, float]:
    """log (1 - P) and log P at `theta`: indexed by whether the answer was right."""
    z = item.a * (theta - item.b)
    wrong = math.log1p(-item.c) + _log_logistic(-z)
    if item.c == 0.0:
        return wrong, _log_logistic(z)
    return wrong, math.log(item.c + (1.0 - item.c) * logistic(z))


# What content says of an item, and the priors it sets.


class Spec(msgspec.Struct, frozen=True):
    """What content says of an item for calibration: authored difficulty and guessing floor."""

    id: str
    difficulty: int
    c: float = 0.0


def guessing(question: Question) -> float:
    """The guessing floor: 1 / options for a single choice, 1/2 for true/false, else 0."""
    if isinstance(question, Single):
        return 1.0 / len(question.options)
    if isinstance(question, TrueFalse):
        return 0.5
    return 0.0


def spec(question: Question) -> Spec:
    return Spec(question.id, question.difficulty, guessing(question))


class Priors(msgspec.Struct, frozen=True):
    """The priors on an item's parameters, from its authored difficulty."""

    b_means: tuple[float, float, float, float, float] = (-2.0, -1.0, 0.0, 1.0, 2.0)
    """The centre of b's normal prior for authored difficulty 1 to 5."""
    b_sd: float = 1.0
    a_median: float = 1.7
    a_log_sd: float = 0.4
    """log a ~ N(log a_median, a_log_sd^2)."""

    def b_mean(self, difficulty: int) -> float:
        return self.b_means[min(max(difficulty, 1), 5) - 1]

    def start(self, item: Spec) -> Parameters:
        """The prior's centre: the parameters of an item nobody has answered yet."""
        return Parameters(item.id, self.a_median, self.b_mean(item.difficulty), item.c)


PRIORS = Priors()


# Calibration.


class Answer(Protocol):
    """One recorded answer (the store's rows have this shape)."""

    @property
    def profile(self) -> str: ...
    @property
    def item(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def seq(self) -> int:
        """Answering order within the records (the store's row id): the lowest is the first."""
        ...


class Response(msgspec.Struct, frozen=True):
    """An answer as calibration reads it, for callers without store rows."""

    profile: str
    item: str
    score: float
    seq: int = 0


class Settings(msgspec.Struct, frozen=True):
    """How a calibration runs."""

    model: Literal["1pl", "2pl"] = "2pl"
    """The 1PL fits b alone, a fixed at the prior's median."""
    min_answers: int = MIN_ANSWERS
    regularised: bool = True
    """Whether the priors weigh in (MAP); off, plain marginal maximum likelihood in the bounds."""
    points: int = 41
    bound: float = 4.0
    """The quadrature grid: `points` evenly from -bound to bound."""
    max_iterations: int = 500
    tolerance: float = 1e-3
    """The fit has converged when no a or b moved by more than this in an iteration."""


DEFAULTS = Settings()


class Fit(msgspec.Struct, frozen=True):
    """One item's calibrated parameters, their standard errors and what they rest on."""

    id: str
    a: float
    b: float
    c: float
    se_a: float
    se_b: float
    """0 for a parameter held fixed (a in the 1PL); the prior's SD for an item kept at it."""
    answers: int
    """First attempts at the item."""
    prior: bool
    """Whether it kept its prior: fewer than the settings' `min_answers` first attempts."""

    @property
    def parameters(self) -> Parameters:
        return Parameters(self.id, self.a, self.b, self.c)


class Calibration(msgspec.Struct, frozen=True):
    """A calibration's fitted items and what it rests on."""

    items: tuple[Fit, ...]
    """Every item of the specs, in their order."""
    profiles: int
    answers: int
    """First attempts at the fitted items: what the fit rests on."""
    iterations: int
    converged: bool
    log_likelihood: float
    """The marginal log-likelihood of those answers at the fitted parameters."""


def first_attempts(
    answers: Iterable[Answer], known: Mapping[str, Spec]
) -> dict[str, dict[str, bool]]:
    """Per profile, whether its first attempt at each known item was right: full marks, since
    partial credit is not a right answer to the model."""
    first: dict[tuple[str, str], tuple[int, bool]] = {}
    for answer in answers:
        if answer.item not in known:
            continue
        key = (answer.profile, answer.item)
        seen = first.get(key)
        if seen is None or answer.seq < seen[0]:
            first[key] = (answer.seq, full_marks(answer.score))
    out: dict[str, dict[str, bool]] = defaultdict(dict)
    for (profile, item), (_, ok) in first.items():
        out[profile][item] = ok
    return dict(out)


class _Grid(msgspec.Struct, frozen=True):
    points: tuple[float, ...]
    log_weights: tuple[float, ...]


def _grid(settings: Settings) -> _Grid:
    step = 2 * settings.bound / (settings.points - 1)
    points = tuple(-settings.bound + step * q for q in range(settings.points))
    density = [-0.5 * t * t for t in points]
    total = math.log(sum(math.exp(d) for d in density))
    return _Grid(points, tuple(d - total for d in density))


class _Item:
    """One item's state during a fit (mutable, local to `calibrate`)."""

    __slots__ = ("alpha", "b", "c", "mu_alpha", "mu_b", "right", "wrong")

    def __init__(self, start: Parameters, mu_b: float, priors: Priors, points: int) -> None:
        self.alpha = math.log(start.a)
        self.b = start.b
        self.c = start.c
        self.mu_alpha = math.log(priors.a_median)
        self.mu_b = mu_b
        self.right = [0.0] * points
        self.wrong = [0.0] * points

    @property
    def a(self) -> float:
        return math.exp(self.alpha)

    def log_rows(self, grid: Sequence[float]) -> tuple[list[float], list[float]]:
        """log (1 - P) and log P at each grid point: indexed by whether the answer was right."""
        item = Parameters("", self.a, self.b, self.c)
        pairs = [log_chances(item, theta) for theta in grid]
        return [w for w, _ in pairs], [r for _, r in pairs]


def _start_b(item: Spec, answers: Sequence[bool], a: float) -> float:
    """A starting b: the one whose share right under a standard normal population is the
    item's (the probit approximation of the logistic)."""
    share = sum(answers) / len(answers)
    above = min(max((share - item.c) / (1.0 - item.c), 0.02), 0.98)
    scale = 1.702 * math.sqrt(1.0 + (a / 1.702) ** 2) / a
    return min(max(-statistics.NormalDist().inv_cdf(above) * scale, B_BOUNDS[0]), B_BOUNDS[1])


def _posterior(
    answered: Sequence[tuple[int, bool]],
    rows: Sequence[tuple[list[float], list[float]]],
    grid: _Grid,
) -> tuple[list[float], float]:
    """A profile's posterior weights over the grid, and the log of its marginal likelihood."""
    log = list(map(sum, zip(grid.log_weights, *(rows[k][ok] for k, ok in answered), strict=True)))
    top = max(log)
    weights = [math.exp(x - top) for x in log]
    mass = math.fsum(weights)
    return [w / mass for w in weights], top + math.log(mass)


def _e_step(
    profiles: Sequence[Sequence[tuple[int, bool]]],
    items: Sequence[_Item],
    rows: Sequence[tuple[list[float], list[float]]],
    grid: _Grid,
) -> float:
    """Each profile's posterior over the grid, summed into its items' expected counts of right
    and wrong answers at each point; returns the marginal log-likelihood."""
    right: list[list[list[float]]] = [[] for _ in items]
    wrong: list[list[list[float]]] = [[] for _ in items]
    total = 0.0
    for answered in profiles:
        weights, log_marginal = _posterior(answered, rows, grid)
        total += log_marginal
        for k, ok in answered:
            (right if ok else wrong)[k].append(weights)
    zeros = [0.0] * len(grid.points)
    for item, r, w in zip(items, right, wrong, strict=True):
        item.right = list(map(sum, zip(zeros, *r, strict=True)))
        item.wrong = list(map(sum, zip(zeros, *w, strict=True)))
    return total


def _m_step(item: _Item, grid: Sequence[float], priors: Priors, settings: Settings) -> None:
    """One Fisher-scoring step of the item's expected complete-data log-posterior in
    (log a, b)."""
    a, b, c = item.a, item.b, item.c
    two = settings.model == "2pl"
    g_alpha = g_b = i_aa = i_ab = i_bb = 0.0
    for theta, r, w in zip(grid, item.right, item.wrong, strict=True):
        n = r + w
        if n < 1e-12:
            continue
        z = a * (theta - b)
        low = logistic(z)
        p = c + (1.0 - c) * low
        score = (r - n * p) * low / p
        info = n * (1.0 - c) * low * low * (1.0 - low) / p
        g_alpha += score * z
        g_b -= score * a
        i_aa += info * z * z
        i_ab -= info * z * a
        i_bb += info * a * a
    if settings.regularised:
        precision_a = 1.0 / priors.a_log_sd**2
        precision_b = 1.0 / priors.b_sd**2
        g_alpha -= (item.alpha - item.mu_alpha) * precision_a
        i_aa += precision_a
        g_b -= (b - item.mu_b) * precision_b
        i_bb += precision_b
    if two:
        det = i_aa * i_bb - i_ab * i_ab
        if det <= 1e-12:
            return
        d_alpha = (i_bb * g_alpha - i_ab * g_b) / det
        d_b = (i_aa * g_b - i_ab * g_alpha) / det
    else:
        if i_bb <= 1e-12:
            return
        d_alpha, d_b = 0.0, g_b / i_bb
    d_alpha = min(max(d_alpha, -0.5), 0.5)
    d_b = min(max(d_b, -1.0), 1.0)
    # A fixed c makes the log-likelihood not concave: halve the step until it does not fall.
    before = _item_objective(item, item.alpha, b, grid, priors, settings)
    low_a, high_a = math.log(A_BOUNDS[0]), math.log(A_BOUNDS[1])
    for _ in range(8):
        alpha = min(max(item.alpha + d_alpha, low_a), high_a)
        new_b = min(max(b + d_b, B_BOUNDS[0]), B_BOUNDS[1])
        if _item_objective(item, alpha, new_b, grid, priors, settings) >= before:
            item.alpha, item.b = alpha, new_b
            return
        d_alpha, d_b = d_alpha / 2, d_b / 2


def _item_objective(
    item: _Item, alpha: float, b: float, grid: Sequence[float], priors: Priors, settings: Settings
) -> float:
    """The item's expected complete-data log-likelihood (plus log-prior, if regularised)."""
    at = Parameters("", math.exp(alpha), b, item.c)
    total = 0.0
    for theta, r, w in zip(grid, item.right, item.wrong, strict=True):
        if r + w < 1e-12:
            continue
        log_wrong, log_right = log_chances(at, theta)
        total += r * log_right + w * log_wrong
    if settings.regularised:
        total -= 0.5 * ((alpha - item.mu_alpha) / priors.a_log_sd) ** 2
        total -= 0.5 * ((b - item.mu_b) / priors.b_sd) ** 2
    return total


def _errors(
    profiles: Sequence[Sequence[tuple[int, bool]]],
    items: Sequence[_Item],
    grid: _Grid,
    priors: Priors,
    settings: Settings,
) -> tuple[list[tuple[float, float]], float]:
    """Each item's standard errors of (a, b) from its block of the observed information, and
    the marginal log-likelihood.

    Louis: the block is sum over grid points of the Hessian of P times (wrong / (1 - P) - right
    / P), plus, over the item's answers, the outer product of the score's posterior mean."""
    points = grid.points
    rows = [item.log_rows(points) for item in items]
    log_likelihood = _e_step(profiles, items, rows, grid)
    scores: list[tuple[list[float], list[float], list[float], list[float]]] = []
    info: list[list[float]] = []
    for item in items:
        a, b, c = item.a, item.b, item.c
        s1a, s1b, s0a, s0b = [], [], [], []
        h_aa = h_ab = h_bb = 0.0
        for theta, r, w in zip(points, item.right, item.wrong, strict=True):
            z = a * (theta - b)
            low = logistic(z)
            p = c + (1.0 - c) * low
            d1 = (1.0 - c) * low * (1.0 - low)
            d2 = d1 * (1.0 - 2.0 * low)
            # The score of a right answer is (1 - P) L / P along dz, of a wrong one -L.
            s1a.append((1.0 - p) * low / p * z)
            s1b.append(-(1.0 - p) * low / p * a)
            s0a.append(-low * z)
            s0b.append(low * a)
            weight = (w / (1.0 - p) if p < 1.0 else 0.0) - r / p
            h_aa += (d2 * z * z + d1 * z) * weight
            h_ab += (-d2 * z * a - d1 * a) * weight
            h_bb += d2 * a * a * weight
        scores.append((s1a, s1b, s0a, s0b))
        info.append([h_aa, h_ab, h_bb])
    mul = operator.mul
    for answered in profiles:
        weights, _ = _posterior(answered, rows, grid)
        for k, ok in answered:
            sa, sb = (scores[k][0], scores[k][1]) if ok else (scores[k][2], scores[k][3])
            ea = sum(map(mul, weights, sa))
            eb = sum(map(mul, weights, sb))
            block = info[k]
            block[0] += ea * ea
            block[1] += ea * eb
            block[2] += eb * eb
    out = []
    for item, (i_aa, i_ab, i_bb) in zip(items, info, strict=True):
        if settings.regularised:
            i_aa += 1.0 / priors.a_log_sd**2
            i_bb += 1.0 / priors.b_sd**2
        if settings.model == "1pl":
            out.append((0.0, 1.0 / math.sqrt(i_bb) if i_bb > 0 else math.inf))
            continue
        det = i_aa * i_bb - i_ab * i_ab
        if det <= 0 or i_aa <= 0:
            out.append((math.inf, math.inf))
            continue
        # SE(a) from SE(log a) by the delta method.
        out.append((item.a * math.sqrt(i_bb / det), math.sqrt(i_aa / det)))
    return out, log_likelihood


def _vector(items: Sequence[_Item]) -> list[float]:
    return [v for item in items for v in (item.alpha, item.b)]


def _set(items: Sequence[_Item], x: Sequence[float]) -> None:
    low_a, high_a = math.log(A_BOUNDS[0]), math.log(A_BOUNDS[1])
    for k, item in enumerate(items):
        item.alpha = min(max(x[2 * k], low_a), high_a)
        item.b = min(max(x[2 * k + 1], B_BOUNDS[0]), B_BOUNDS[1])


def _moved(items: Sequence[_Item], x: Sequence[float], y: Sequence[float]) -> float:
    """The largest change in any a or b between two parameter vectors."""
    return max(
        max(abs(math.exp(x[2 * k]) - math.exp(y[2 * k])), abs(x[2 * k + 1] - y[2 * k + 1]))
        for k in range(len(items))
    )


def _em(
    x: Sequence[float],
    profiles: Sequence[Sequence[tuple[int, bool]]],
    items: Sequence[_Item],
    grid: _Grid,
    priors: Priors,
    settings: Settings,
) -> tuple[list[float], float]:
    """One EM step from `x`, and the log-posterior (the log-likelihood, unregularised) at `x`."""
    _set(items, x)
    objective = _e_step(profiles, items, [item.log_rows(grid.points) for item in items], grid)
    if settings.regularised:
        for item in items:
            objective -= 0.5 * ((item.alpha - item.mu_alpha) / priors.a_log_sd) ** 2
            objective -= 0.5 * ((item.b - item.mu_b) / priors.b_sd) ** 2
    for item in items:
        _m_step(item, grid.points, priors, settings)
    return _vector(items), objective


def _fit(
    profiles: Sequence[Sequence[tuple[int, bool]]],
    items: Sequence[_Item],
    grid: _Grid,
    priors: Priors,
    settings: Settings,
) -> tuple[int, bool]:
    """EM to convergence, accelerated by SQUAREM (Varadhan and Roland, 2008): two EM steps, a
    step along their extrapolation and one EM step from there, kept only if the posterior did
    not fall. Leaves the items at the fit; returns the EM steps taken and whether it converged."""
    x = _vector(items)
    iterations = 0
    while iterations < settings.max_iterations:
        x1, _ = _em(x, profiles, items, grid, priors, settings)
        iterations += 1
        if _moved(items, x, x1) < settings.tolerance:
            _set(items, x1)
            return iterations, True
        x2, at_x1 = _em(x1, profiles, items, grid, priors, settings)
        iterations += 1
        r = [q - p for p, q in zip(x, x1, strict=True)]
        v = [z - q - d for q, z, d in zip(x1, x2, r, strict=True)]
        v_norm = math.sqrt(math.fsum(d * d for d in v))
        if v_norm > 0.0 and iterations < settings.max_iterations:
            step = min(-math.sqrt(math.fsum(d * d for d in r)) / v_norm, -1.0)
            jump = [p - 2 * step * d + step * step * e for p, d, e in zip(x, r, v, strict=True)]
            x3, at_jump = _em(jump, profiles, items, grid, priors, settings)
            iterations += 1
            x2 = x3 if at_jump >= at_x1 else x2
        x = x2
    _set(items, x)
    return iterations, False


def calibrate(
    answers: Iterable[Answer],
    specs: Iterable[Spec],
    settings: Settings = DEFAULTS,
    priors: Priors = PRIORS,
) -> Calibration:
    """Every item's parameters fitted from the answers of every profile (see the module's text).

    Answers to items not in `specs` are left out; so are items with fewer than
    `settings.min_answers` first attempts, which keep their prior."""
    known = {s.id: s for s in specs}
    attempts = first_attempts(answers, known)
    by_item: dict[str, list[bool]] = defaultdict(list)
    for tried in attempts.values():
        for item, ok in tried.items():
            by_item[item].append(ok)
    counts = {item: len(oks) for item, oks in by_item.items()}
    fitted = sorted(i for i, n in counts.items() if n >= settings.min_answers)
    index = {item: k for k, item in enumerate(fitted)}
    grid = _grid(settings)

    items = []
    for item_id in fitted:
        start = priors.start(known[item_id])
        b = _start_b(known[item_id], by_item[item_id], start.a)
        items.append(_Item(msgspec.structs.replace(start, b=b), start.b, priors, settings.points))

    profiles = [
        [(index[item], ok) for item, ok in sorted(tried.items()) if item in index]
        for _, tried in sorted(attempts.items())
    ]
    profiles = [p for p in profiles if p]
    iterations, converged, log_likelihood = 0, True, 0.0
    errors: list[tuple[float, float]] = []
    if items:
        iterations, converged = _fit(profiles, items, grid, priors, settings)
        errors, log_likelihood = _errors(profiles, items, grid, priors, settings)

    out = []
    for s in known.values():
        k = index.get(s.id)
        if k is None:
            start = priors.start(s)
            se_a = 0.0 if settings.model == "1pl" else start.a * priors.a_log_sd
            out.append(
                Fit(s.id, start.a, start.b, s.c, se_a, priors.b_sd, counts.get(s.id, 0), True)
            )
        else:
            se_a, se_b = errors[k]
            out.append(Fit(s.id, items[k].a, items[k].b, s.c, se_a, se_b, counts[s.id], False))
    return Calibration(
        items=tuple(out),
        profiles=len(profiles),
        answers=sum(len(p) for p in profiles),
        iterations=iterations,
        converged=converged,
        log_likelihood=log_likelihood,
    )


# Items whose answers disagree with their authored difficulty.


class Disagreement(msgspec.Struct, frozen=True):
    """An item whose fitted b places it at another difficulty than its author gave it."""

    id: str
    authored: int
    implied: int
    b: float
    low: float
    high: float
    """b's 95 % interval."""
    answers: int

    @property
    def direction(self) -> str:
        return "harder" if self.implied > self.authored else "easier"


def implied_difficulty(b: float, priors: Priors = PRIORS) -> int:
    """The authored difficulty whose prior centre is nearest to `b`."""
    return min(range(1, 6), key=lambda d: (abs(b - priors.b_mean(d)), d))


def band(difficulty: int, priors: Priors = PRIORS) -> tuple[float, float]:
    """The b nearest to `difficulty`'s centre: midway to each neighbour's, open at 1 and 5."""
    centres = priors.b_means
    k = min(max(difficulty, 1), 5) - 1
    low = (centres[k - 1] + centres[k]) / 2 if k > 0 else -math.inf
    high = (centres[k] + centres[k + 1]) / 2 if k < 4 else math.inf
    return low, high


def disagreements(
    fits: Iterable[Fit], specs: Iterable[Spec], priors: Priors = PRIORS
) -> tuple[Disagreement, ...]:
    """Fitted items whose b's 95 % interval lies wholly outside the band of their authored
    difficulty (see `band`), largest departure first: the data say, beyond their own error,
    that the item is at another difficulty. Items kept at their prior are never reported."""
    authored = {s.id: s.difficulty for s in specs}
    out = []
    for fit in fits:
        difficulty = authored.get(fit.id)
        if fit.prior or difficulty is None:
            continue
        low, high = fit.b - Z95 * fit.se_b, fit.b + Z95 * fit.se_b
        edge_low, edge_high = band(difficulty, priors)
        if high < edge_low or low > edge_high:
            implied = implied_difficulty(fit.b, priors)
            out.append(Disagreement(fit.id, difficulty, implied, fit.b, low, high, fit.answers))
    centre = priors.b_mean
    return tuple(sorted(out, key=lambda d: (-abs(d.b - centre(d.authored)), d.id)))
