"""The lesson, in the lecture's own order ("Learning Parameters: Gradient
Descent", Khapra): each step quotes the lecture, stages a view, asks for a
prediction, and names the function that computes its answer. No answer is
written here: each is computed from the core for the step's settings."""

from __future__ import annotations

from gd_core.lesson import answers_local as local
from gd_core.lesson import answers_race as race
from gd_core.lesson import answers_runs as runs
from gd_core.lesson.model import Question, Step

_STATUS = tuple(runs.STATUS.values())
_RUN = "“Now, let us execute this code and see what happens” (after 25:12)"


def _status_question() -> Question:
    return Question("choice", "η = {eta:g} from ({w0:g}, {b0:g}) for {epochs} epochs: how "
                    "does gradient descent end?", _STATUS)  # fmt: skip


STEPS: tuple[Step, ...] = (
    Step(
        "guess", "Guess work against descent",
        "Find a better way of traversing the error surface so that we can reach the minimum "
        "value quickly without resorting to brute force search!", "Refer Slide Time: 00:30",
        "The contour of L over w and b, and the start ○. Random search guesses (w, b) anywhere "
        "in view and keeps its best; descent follows −∇L. Both get the same number of loss "
        "evaluations.", "error_surface", {},
        Question("choice", "Same budget (epochs + 1 loss evaluations): which ends with the "
                 "lower loss?", runs.GUESS),
        runs.guess_vs_descent,
        "I was randomly moving on the w b plane earlier … Now, I have a more principled way of "
        "moving in the w b plane. (Refer Slide Time: 19:14)",
    ),
    Step(
        "carpet", "The flying carpet",
        "Remember this was our w b plane, this was our error, this is something what our "
        "error surface looked like, it was this flying carpet.", "Refer Slide Time: 19:14",
        "Dark is low, bright is high. Find the floor of the valley.", "error_surface", {},
        Question("point", "Click the contour where you think L is lowest.",
                 hint="A click inside the valley's lowest 2 % counts.",
                 click="click where you think L is lowest"),
        local.lowest_point,
        "after a few iterations we will actually reach almost the value which is the zero "
        "error (after Refer Slide Time: 25:12)",
    ),
    Step(
        "move", "θ_new = θ + ηu: a good move",
        "So, theta new is equal to the original theta plus a small step in the direction of "
        "delta theta.", "Refer Slide Time: 02:17",
        "On the Taylor page: θ, the direction u at angle β from ∇L, and the change of L.",
        "taylor", {},
        Question("choice", "Taylor: L(θ + ηu) ≈ L(θ) + η uᵀ∇L(θ). When does the move ηu "
                 "lower L?", local.GOOD_MOVE),
        local.good_move,
        "Note that the move (ηu) would be favorable only if, L(θ + ηu) − L(θ) < 0 … This "
        "implies, uᵀ∇L(θ) < 0 (Refer Slide Time: 12:28)",
    ),
    Step(
        "beta", "The best direction",
        "we would like to make it as negative as possible, right because the more than "
        "negative it is the more will be the decrease in my loss function",
        "Refer Slide Time: 13:29", "The cosine curve: uᵀ∇L = k cos β, −k ≤ uᵀ∇L ≤ k.",
        "taylor", {},
        Question("choice", "Which angle β between u and ∇L(θ) lowers L the most for a step "
                 "ηu (‖u‖ = ‖∇L‖)?", local.BETAS),
        local.best_direction,
        "u should be such that it is at 180 degrees to the gradient … Move in a direction "
        "opposite to the gradient. (Refer Slide Time: 16:19)",
    ),
    Step(
        "signs", "The update with numbers",
        "you know what the formula is you plug in the values of w_t comma b_t get that value "
        "and subtract it from your current w_t", "Refer Slide Time: 16:53",
        "The start ○ and the rule w₁ = w₀ − η∇w₀, b₁ = b₀ − η∇b₀.", "error_surface", {},
        Question("choice", "The first update from ({w0:g}, {b0:g}) with η = {eta:g}: which way "
                 "do w and b move?",
                 local.SIGNS),
        local.update_signs,
        "∇w = Σᵢ (f(xᵢ) − yᵢ) · f(xᵢ) · (1 − f(xᵢ)) · xᵢ, ∇b = Σᵢ (f(xᵢ) − yᵢ) · f(xᵢ) · "
        "(1 − f(xᵢ)) (Refer Slide Time: 24:23)",
    ),
    Step(
        "epochs", "The lecture's run",
        "w, b, eta, max_epochs = -2, -2, 1.0, 1000", "Refer Slide Time: 25:12",
        "The loss curve (log scale) and the tolerance line L = 1e−5.", "error_surface", {},
        Question("number", "From ({w0:g}, {b0:g}) with η = {eta:g}: how many epochs until "
                 "L < 1e−5?",
                 hint="Within ±20 % counts; more than the epochs means never."),
        runs.epochs_to_tolerance,
        f"then we keep doing this and after a few iterations we will actually reach almost the "
        f"value which is the zero error. {_RUN}",
    ),
    Step(
        "eta_small", "η = 0.1: conservative",
        "If I chosen at 0.01 and 0.001 I would have been conservative", "Refer Slide Time: 25:12",
        "The path and the loss curve at a tenth of the lecture's η.", "error_surface",
        {"eta": 0.1}, _status_question(), runs.status_at,
        "I do not want to make a giant stride what I will do is I will just move by a small "
        "quantity in that direction (Refer Slide Time: 02:17)",
    ),
    Step(
        "eta_ten", "η = 10: not conservative",
        "I have chosen η to be 1; that means, I am not going to be conservative",
        "Refer Slide Time: 25:12", "The path: long strides across the valley.", "error_surface",
        {"eta": 10.0}, _status_question(), runs.status_at,
        "as I keep doing that my error keeps decreasing, why? Because that is exactly what we "
        f"got from Taylor series. {_RUN}",
    ),
    Step(
        "eta_fifty", "η = 50: a giant stride",
        "η is typically small, so η², η³, … → 0", "Refer Slide Time: 08:25",
        "Where the first step lands, and what the loss does after it.", "error_surface",
        {"eta": 50.0}, _status_question(), runs.status_at,
        "It is a small quantity and what do we do with small quantities always in maths? … We "
        "ignore them. (Refer Time: 11:25)",
    ),
    Step(
        "stall", "Why η = 50 stalls",
        "Whether it is correct or not who cares I mean someone has told it, it is good to "
        "ignore.", "Refer Time: 11:25",
        "On the Taylor page: where “η small” stops holding, against η.", "taylor", {"eta": 50.0},
        Question("choice", "At η = {eta:g} the loss stops falling far above its minimum. Why?",
                 runs.STALL),
        runs.why_stall,
        "∇w = (f(x) − y) * f(x) * (1 − f(x)) * x (Refer Slide Time: 23:57): when f is near 0 "
        "or 1, f(x)(1 − f(x)) ≈ 0 and the gradient vanishes however wrong f is.",
    ),
    Step(
        "start", "The start matters",
        "this same thing would happen if you start from anywhere else it will keep moving in a "
        "principled way and reach the low error configuration", "after Refer Slide Time: 25:12",
        "The convergence map: every start in view, coloured by how its run ends.",
        "convergence_map", {"eta": 10.0, "map_resolution": 50},
        Question("choice", "η = {eta:g}, {epochs} epochs: from which start does descent not reach "
                 "the tolerance?",
                 runs.START_OPTIONS),
        runs.start_matters,
        "I will always start with a random guess and from there on move on to good values "
        "(Refer Slide Time: 01:08)",
    ),
    Step(
        "momentum", "A variant: momentum",
        "we will also see a lot of variants of gradient descent", "Refer Slide Time: 30:24",
        "Plain descent and momentum (γ = 0.9) race from the same start with η = 2.",
        "optimizers",
        {"race": [{"method": "gradient_descent", "settings": {"learning_rate": 2.0}},
                  {"method": "momentum", "settings": {"learning_rate": 2.0, "gamma": 0.9}}]},
        Question("choice", "Which reaches the tolerance first: plain descent or momentum "
                 "(the variant)?", race.RACE),
        race.race_first,
        "You might take a longer route, but reach your destination, taking shortcuts is always "
        "risky (after Refer Slide Time: 25:12)",
    ),
    Step(
        "adam", "A variant: Adam on the plateau",
        "Later on in the course we will look at gradient descent in much more detail and "
        "discuss its variants", "Refer Slide Time: 30:24",
        "From (−2, −2) the surface is flat (‖∇L‖ ≈ 0.01). Plain descent and Adam, both with "
        "η = 0.01.", "optimizers",
        {"race": [{"method": "gradient_descent", "settings": {"learning_rate": 0.01}},
                  {"method": "adam", "settings": {"learning_rate": 0.01}}]},
        Question("choice", "After the epochs, which ends lower: plain descent or Adam (the "
                 "variant)?", race.LOWER),
        race.race_lower,
        "eta is a scalar which actually scales down delta theta (Refer Slide Time: 02:17): "
        "plain descent's step is η‖∇L‖, tiny where L is flat; Adam divides by √v and takes "
        "η-sized steps however flat it is.",
    ),
)  # fmt: skip
SLUGS = tuple(step.slug for step in STEPS)
