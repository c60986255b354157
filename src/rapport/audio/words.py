"""Words with timings, and how they become turns.

A turn runs from its first word's start to its last word's end, so the gap between two
turns is the silence the recogniser measured between the words, not a caption's padding.
Consecutive words of one speaker stay in one turn unless they are ``TURN_GAP_SECONDS`` or
more apart: a pause that long is kept visible as a gap between two turns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

TURN_GAP_SECONDS = 2.0


@dataclass(slots=True, frozen=True)
class Word:
    """One recognised word: its text (with punctuation), times in seconds, and speaker."""

    text: str
    start: float
    end: float
    probability: float = 1.0
    speaker: str | None = None

    def with_speaker(self, speaker: str) -> Word:
        return replace(self, speaker=speaker)


@dataclass(slots=True, frozen=True)
class SpokenTurn:
    """Words of one speaker that form one turn."""

    speaker: str
    words: tuple[Word, ...]

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


def group_turns(words: Iterable[Word], gap: float = TURN_GAP_SECONDS) -> list[SpokenTurn]:
    """Consecutive words of one speaker (in the order given) joined into turns."""
    turns: list[SpokenTurn] = []
    current: list[Word] = []
    for word in words:
        if current and (word.speaker != current[-1].speaker or word.start - current[-1].end >= gap):
            turns.append(SpokenTurn(current[0].speaker or "", tuple(current)))
            current = []
        current.append(word)
    if current:
        turns.append(SpokenTurn(current[0].speaker or "", tuple(current)))
    return turns


def merge_channels(
    channels: Sequence[Sequence[Word]], gap: float = TURN_GAP_SECONDS
) -> list[SpokenTurn]:
    """Turns of several one-speaker channels, each grouped on its own, ordered by start.

    Grouping per channel first keeps cross-talk (an "mm-hm" over the other speaker) from
    cutting the other speaker's turn in pieces; ties go to the lower channel.
    """
    return merge_turns(
        [group_turns(sorted(words, key=lambda w: w.start), gap) for words in channels]
    )


def merge_turns(channels: Sequence[Sequence[SpokenTurn]]) -> list[SpokenTurn]:
    """The turns of several channels in order of start; ties go to the lower channel."""
    keyed = [
        ((turn.start, channel, order), turn)
        for channel, turns in enumerate(channels)
        for order, turn in enumerate(turns)
    ]
    return [turn for _, turn in sorted(keyed, key=lambda pair: pair[0])]


Edges = Callable[[float, float, float, float], tuple[float, float]]


def trim_turns(turns: Sequence[SpokenTurn], edges: Edges, *, per_speaker: bool) -> list[SpokenTurn]:
    """Turns with their outer edges moved by ``edges(start, end, low, high)``.

    ``low``/``high`` are the neighbouring turns' end and start: of any speaker for one mixed
    stream, of the same speaker only when each speaker has a channel (``per_speaker``).
    Only the first word's start and the last word's end move.
    """
    trimmed = []
    for turn in turns:
        neighbours = [
            other
            for other in turns
            if other is not turn and (not per_speaker or other.speaker == turn.speaker)
        ]
        low = max((o.end for o in neighbours if o.end <= turn.start), default=0.0)
        high = min((o.start for o in neighbours if o.start >= turn.end), default=float("inf"))
        words = list(turn.words)
        start, _ = edges(words[0].start, words[0].end, low, high)
        words[0] = replace(words[0], start=min(start, words[0].end))
        _, end = edges(words[-1].start, words[-1].end, low, high)
        words[-1] = replace(words[-1], end=max(end, words[-1].start))
        trimmed.append(SpokenTurn(turn.speaker, tuple(words)))
    return trimmed
