"""Every locator of every field target of the bundled flows, fallbacks included, finds
exactly one element on the sandbox, at the moment its step runs: a fallback that finds
nothing is dead weight, one that finds two could type into the wrong field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from oss_assist.flows.check import is_field_step
from oss_assist.flows.model import Check, Read, Target
from oss_assist.runner import locate, resolve
from oss_assist.sandbox import Sandbox

from .conftest import PROFILES

pytestmark = pytest.mark.browser

#: Between them: a start date and a month, "Cakupan Produk" shown (10794) and not, the
#: KBLI 2025 conversion (56102) and the risk parameter (01411).
CASES = ["slamet-riyadi-keripik.yaml", "suparmi-warung-makan.yaml", "ahmad-fauzi-sapi.yaml"]


@pytest.mark.parametrize("profile", CASES)
def test_every_locator_of_every_field_finds_exactly_one_element(
    run: Any, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, profile: str
) -> None:
    seen: dict[str, list[tuple[str, int]]] = {}
    original = resolve.step_target

    def counting(engine: Any, flow: Any, step: Any) -> Any:
        narrowed = original(engine, flow, step)  # waits for the element, as the run does
        target = getattr(step, "target", None)
        if is_field_step(step) and isinstance(target, Target) and target.fallbacks:
            if isinstance(step, Check | Read):
                target = engine.target_of(step)
            page = engine.page
            counts = [(t.describe(), locate.visible_count(page, t)) for t in target.ranked()]
            if not (step.optional and all(n == 0 for _, n in counts)):
                seen[f"{flow.name}/{step.id}"] = counts
        return narrowed

    monkeypatch.setattr(resolve, "step_target", counting)
    result = run(PROFILES / profile)
    assert result.nib
    assert result.fallbacks == []  # every first locator found its element
    wrong = {step: counts for step, counts in seen.items() if any(n != 1 for _, n in counts)}
    assert wrong == {}
    assert len(seen) > 40
    if Path(profile).stem.endswith("keripik"):
        assert "nib-umk/cakupan" in seen and "nib-umk/perkiraan-mulai" in seen
