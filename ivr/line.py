"""The assembled phone line: flows, prompts, hooks and voices, built once at start-up."""
from dataclasses import dataclass
from pathlib import Path

from ivr.actions import REGISTRY
from ivr.engine import Engine
from ivr.flowspec import load_machine
from ivr.prompts import Prompts, load_prompts
from ivr.speech import check_speakers
from ivr.twiml import Rendering, Voice
from languages import Languages

ROOT = Path(__file__).resolve().parent.parent
RECORDING_SUFFIXES = (".mp3", ".wav")


@dataclass(frozen=True)
class Line:
    """What the webhooks need to answer a call."""

    engine: Engine
    services: object  # the hooks' view of the booking domain; each webhook takes its own
    prompts: Prompts
    rendering: Rendering
    recordings: Path  # audio/<language>/<prompt id>.mp3 under the prompts folder


def build_line(config: dict, services, languages: Languages) -> Line:
    """Load and check flows and prompts in the table's languages; a bad one stops the app here, named."""
    check_speakers(languages)
    prompts_dir = Path(config.get("PROMPTS_DIR") or ROOT / "prompts")
    prompts = load_prompts(prompts_dir, languages)
    machine = load_machine(config.get("FLOWS_DIR") or ROOT / "flows", languages)
    engine = Engine(machine, prompts, REGISTRY)
    return Line(engine, services, prompts, _rendering(config, languages, prompts_dir / "audio"), prompts_dir / "audio")


def _rendering(config: dict, languages: Languages, recordings_dir: Path) -> Rendering:
    voices = {row.code: Voice(row.twilio_voice, row.twilio_language) for row in languages}
    recordings = _recordings(recordings_dir)
    base = config["AUDIO_BASE_URL"].rstrip("/")

    def recording_url(language: str, prompt_id: str) -> str | None:
        name = recordings.get((language, prompt_id))
        return f"{base}/{language}/{name}" if name else None

    return Rendering(voices, config["GATHER_TIMEOUT_SECONDS"], recording_url)


def _recordings(directory: Path) -> dict[tuple[str, str], str]:
    """Recorded prompts found at start-up: ``audio/<language>/<prompt id>.mp3`` or ``.wav``."""
    found = {}
    for path in directory.glob("*/*"):
        if path.suffix in RECORDING_SUFFIXES:
            found[(path.parent.name, path.stem)] = path.name
    return found
