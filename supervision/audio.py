"""The caller's side of a logged call as a WAV file: prompts, silences and key tones.

Prompts are spoken by espeak-ng (when installed) in the prompt's language; a masked value is a
bleep; menu keys are their DTMF tones, hidden keys neutral beeps. The pieces are joined with
Python's ``wave`` module, at espeak-ng's own sample rate.
"""
import math
import shutil
import struct
import subprocess
import tempfile
import wave
from functools import partial
from pathlib import Path

from ivr.keypad import LAYOUT
from ivr.prompts import REDACTED
from languages import LINE, Languages
from supervision.timeline import Moment

RATE = 22050  # espeak-ng's output; silences and tones are made at the same rate
DEFAULT_VOICE = "en-gb"  # espeak-ng's own default, for a prompt in no language of the table
ROWS, COLUMNS = (697, 770, 852, 941), (1209, 1336, 1477)
DTMF = {key: (ROWS[row], COLUMNS[column]) for row, keys in enumerate(LAYOUT) for column, key in enumerate(keys)}
HIDDEN_KEY, BLEEP = (600,), (1000,)
KEY_SECONDS, KEY_GAP_SECONDS, BLEEP_SECONDS = 0.15, 0.1, 0.6
AMPLITUDE = 8000


class AudioUnavailable(RuntimeError):
    """Audio cannot be rendered here; the message says what to install."""


def render(moments: list[Moment], path: str | Path, espeak: str | None = None,
           languages: Languages = LINE) -> float:
    """Write the caller's side of ``moments`` to a WAV file, prompts in each row's espeak voice; its length in seconds."""
    espeak = espeak or shutil.which("espeak-ng")
    if not espeak:
        raise AudioUnavailable("espeak-ng is not installed (apt-get install espeak-ng): no audio rendered")
    with tempfile.TemporaryDirectory() as folder:
        speak = partial(_espeak, espeak, Path(folder) / "prompt.wav")
        frames = b"".join(_frames(moment, speak, languages) for moment in moments)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    return len(frames) / 2 / RATE


def _frames(moment: Moment, speak, languages: Languages) -> bytes:
    if moment.kind == "prompt":
        voice = languages[moment.language].espeak_voice if moment.language in languages else DEFAULT_VOICE
        pieces = [speak(voice, piece) if piece.strip() else b"" for piece in moment.text.split(REDACTED)]
        return _tone(BLEEP, BLEEP_SECONDS).join(pieces)
    if moment.kind == "silence":
        return _silence(moment.seconds)
    if moment.kind == "keys":
        return b"".join(_key(key) for key in _pressed(moment.text))
    return b""


def _pressed(keys: str) -> list[str]:
    """The keys of a log entry; "[8 keys hidden]" becomes eight hidden keys."""
    if keys.startswith("["):
        count = keys[1:].split(" ", 1)[0]
        return ["?"] * int(count) if count.isdigit() else []
    return [key for key in keys if key in DTMF]


def _key(key: str) -> bytes:
    return _tone(DTMF.get(key, HIDDEN_KEY), KEY_SECONDS) + _silence(KEY_GAP_SECONDS)


def _espeak(espeak: str, scratch: Path, voice: str, text: str) -> bytes:
    """The frames of ``text`` spoken by espeak-ng in ``voice``."""
    try:
        subprocess.run([espeak, "-v", voice, "-w", str(scratch), "--stdin"], input=text.encode(),
                       check=True, capture_output=True, timeout=60)
    except subprocess.CalledProcessError as error:
        raise AudioUnavailable(f"espeak-ng failed for voice {voice}: {error.stderr.decode(errors='replace')}") from None
    with wave.open(str(scratch)) as clip:
        if (clip.getframerate(), clip.getsampwidth(), clip.getnchannels()) != (RATE, 2, 1):
            raise AudioUnavailable(f"espeak-ng wrote {clip.getframerate()} Hz audio, expected {RATE} Hz mono")
        return clip.readframes(clip.getnframes())


def _silence(seconds: float) -> bytes:
    return b"\x00\x00" * int(seconds * RATE)


def _tone(frequencies: tuple[int, ...], seconds: float) -> bytes:
    count = int(seconds * RATE)
    samples = (
        int(AMPLITUDE * sum(math.sin(2 * math.pi * f * i / RATE) for f in frequencies) / len(frequencies))
        for i in range(count)
    )
    return struct.pack(f"<{count}h", *samples)
