"""Recurrent layers from PyTorch files: state_dicts saved with torch.save (.pt/.pth/.bin) and .safetensors.

torch.save writes a pickle, and unpickling can run any code the file names. This reader never
imports torch and never looks up a name the file gives: its Unpickler maps a short allowlist
(the names torch.save uses for tensors and state_dicts) to small functions of its own, and
refuses every other name before anything runs. Tensors are rebuilt with numpy from the raw
storage bytes, after checking that every view stays inside its storage.

Formats read: torch.save's zip archive (``<prefix>/data.pkl``, ``<prefix>/data/<key>``,
``<prefix>/byteorder``) and its legacy stream of pickles (``_use_new_zipfile_serialization=False``).
"""

from __future__ import annotations

import _compat_pickle
import io
import json
import math
import os
import pickle
import pickletools
import re
import reprlib
import struct
import sys
import warnings
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ..core.models import SPECS
from .layers import EmbeddingTable, ModelImportError, RecurrentLayer

# --------------------------------------------------------------------------------------------
# Reading tensors
# --------------------------------------------------------------------------------------------

SAFETENSORS_SUFFIXES = (".safetensors",)
LEGACY_MAGIC_NUMBER = 0x1950A86A20F9469CFC6C  # torch.serialization.MAGIC_NUMBER
LEGACY_PROTOCOL_VERSION = 1001
MAX_OVERLAP_ELEMENTS = 1 << 22  # elements a file's tensors may have beyond its size (stride-0 views)
MAX_ELEMENTS_PER_FILE_BYTE = 2  # tensors built from a file: at most 2 elements per byte, plus the overlap
MAX_TENSOR_ELEMENTS = 1 << 27  # one tensor: 1 GiB as float64
MAX_DIMENSIONS = 32
MAX_NESTING = 64  # dicts inside dicts, when flattening a checkpoint
MAX_COMPRESSION_RATIO = 64  # torch stores entries uncompressed; refuse zip bombs
SAVE_STATE_DICT = "save the weights with torch.save(model.state_dict(), path)"

#: torch's typed storage names -> (numpy dtype, is bfloat16). bfloat16 is read as uint16 and widened.
_STORAGE_DTYPES = {
    "FloatStorage": (np.dtype("float32"), False),
    "DoubleStorage": (np.dtype("float64"), False),
    "HalfStorage": (np.dtype("float16"), False),
    "BFloat16Storage": (np.dtype("uint16"), True),
    "IntStorage": (np.dtype("int32"), False),
    "LongStorage": (np.dtype("int64"), False),
    "ShortStorage": (np.dtype("int16"), False),
    "CharStorage": (np.dtype("int8"), False),
    "ByteStorage": (np.dtype("uint8"), False),
    "BoolStorage": (np.dtype("uint8"), False),  # read as bytes, turned into bool
}
#: dtype objects a checkpoint may hold as plain values (e.g. a config's dtype); read as inert names.
_TORCH_DTYPES = (
    "float32", "float", "float64", "double", "float16", "half", "bfloat16",
    "int64", "long", "int32", "int", "int16", "short", "int8", "uint8", "bool",
)  # fmt: skip


class _Refused(Exception):
    """The file names something outside the allowlist; the message says what (no path)."""


class _Damaged(Exception):
    """The file is not a readable checkpoint; the message says why (no path)."""


class _Frozen:
    """Base of everything the unpickler hands out: a pickle's BUILD opcode cannot change it.

    (BUILD sets attributes on the object below it on the stack; without this, a file could
    alter a storage after its tensors were bounds-checked, or alter the shared allowlist.)
    """

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def _init(self, **fields: Any) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)


class _Function(_Frozen):
    """An allowed callable: calls one of our own functions, and cannot be altered by the file."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[..., Any]):
        self._init(function=function)

    def __call__(self, *args: Any) -> Any:
        return self.function(*args)

    def __repr__(self) -> str:
        return f"<allowed {self.function.__name__}>"


class _StorageType(_Frozen):
    """What ``torch.FloatStorage`` and friends unpickle to: a dtype, nothing callable."""

    __slots__ = ("bfloat16", "dtype", "name")

    def __init__(self, name: str, dtype: np.dtype, bfloat16: bool):
        self._init(name=name, dtype=dtype, bfloat16=bfloat16)


class _DType(_Frozen):
    """A torch dtype held as a value in a checkpoint (ignored)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self._init(name=name)


class _Storage(_Frozen):
    """One storage named by the pickle; its bytes are read after unpickling."""

    __slots__ = ("data", "key", "numel", "offset", "root", "type")

    def __init__(self, storage_type: _StorageType, key: str, numel: int, root: _Storage | None = None, offset: int = 0):
        self._init(type=storage_type, key=key, numel=numel, root=root, offset=offset, data=None)

    def set_data(self, data: np.ndarray) -> None:
        """The storage's values: 1-D, native byte order, exactly numel elements."""
        if data.ndim != 1 or len(data) != self.numel:  # pragma: no cover - callers check the byte count
            raise _Damaged(f"storage {self.key} holds {len(data)} values, expected {self.numel}")
        self._init(data=data)

    def array(self) -> np.ndarray:
        if self.root is not None:
            return self.root.array()[self.offset : self.offset + self.numel]
        if self.data is None:
            raise _Damaged(f"the data of storage {self.key} is missing")
        return self.data


class _Tensor(_Frozen):
    """A tensor named by the pickle: storage, offset, size and stride, checked to stay in bounds."""

    __slots__ = ("offset", "size", "storage", "stride")

    def __init__(self, storage: _Storage, offset: int, size: tuple[int, ...], stride: tuple[int, ...]):
        self._init(storage=storage, offset=offset, size=size, stride=stride)

    def to_numpy(self) -> np.ndarray:
        base = self.storage.array()
        size = self.size
        if math.prod(size) == 0:
            array = np.zeros(size, dtype=base.dtype)
        else:
            # Checked when the tensor was named; checked again against the bytes actually read,
            # since as_strided trusts its arguments.
            last = self.offset + sum((n - 1) * s for n, s in zip(size, self.stride, strict=True))
            if not isinstance(base, np.ndarray) or base.ndim != 1 or last >= len(base):
                raise _Damaged("a tensor reaches past the end of its storage")
            numel = math.prod(size)
            if self.stride == _contiguous_strides(size):  # the usual case: one block, copied whole
                view = base[self.offset : self.offset + numel].reshape(size)
            else:
                strides = tuple(s * base.itemsize for s in self.stride)
                view = np.lib.stride_tricks.as_strided(
                    base[self.offset :], shape=size, strides=strides, writeable=False
                )
            array = np.array(view, order="C", copy=True)
        if self.storage.type.bfloat16:  # bfloat16 is the top half of a float32: widening is exact
            array = (array.astype(np.uint32) << 16).view(np.float32)
        elif self.storage.type.name == "BoolStorage":
            array = array != 0
        return array


def _contiguous_strides(size: tuple[int, ...]) -> tuple[int, ...]:
    strides, step = [], 1
    for n in reversed(size):
        strides.append(step)
        step *= n
    return tuple(reversed(strides))


def _count(value: Any, what: str, limit: int = 1 << 62) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        raise _Damaged(f"a tensor's {what} is {_describe(value)}, expected a non-negative integer")
    return value


def _shape(value: Any, what: str) -> tuple[int, ...]:
    if not isinstance(value, tuple) or len(value) > MAX_DIMENSIONS:
        raise _Damaged(f"a tensor's {what} is {_describe(value)}, expected a tuple of integers")
    return tuple(_count(v, what, 1 << 48) for v in value)


def _rebuild_tensor(storage: Any, storage_offset: Any, size: Any, stride: Any) -> _Tensor:
    if not isinstance(storage, _Storage):
        raise _Damaged("a tensor is not backed by a storage")
    offset = _count(storage_offset, "storage offset")
    size = _shape(size, "size")
    stride = _shape(stride, "stride")
    if len(size) != len(stride):
        raise _Damaged(f"a tensor has size {size} but stride {stride}")
    numel = math.prod(size)
    if numel:
        last = offset + sum((n - 1) * s for n, s in zip(size, stride, strict=True))
        if last >= storage.numel:
            raise _Damaged(f"a tensor of size {size} reaches past the end of its storage ({storage.numel} values)")
        if numel > storage.numel + MAX_OVERLAP_ELEMENTS:
            raise _Damaged(f"a tensor of size {size} repeats its {storage.numel} stored values too often")
    return _Tensor(storage, offset, size, stride)


def _rebuild_tensor_v2(
    storage: Any, storage_offset: Any, size: Any, stride: Any, requires_grad: Any = False, backward_hooks: Any = None,
    metadata: Any = None,
) -> _Tensor:  # fmt: skip
    return _rebuild_tensor(storage, storage_offset, size, stride)


def _rebuild_parameter(data: Any, requires_grad: Any = False, backward_hooks: Any = None) -> _Tensor:
    if not isinstance(data, _Tensor):
        raise _Damaged("a parameter does not hold a tensor")
    return data


def _rebuild_parameter_with_state(data: Any, requires_grad: Any, backward_hooks: Any, state: Any) -> _Tensor:
    return _rebuild_parameter(data)


def _ordered_dict(*args: Any) -> OrderedDict:
    return OrderedDict(*args)


def _size(*args: Any) -> tuple:
    return tuple(*args)


#: The whole allowlist: (module, name) as found in the pickle -> our own function or inert value.
ALLOWED_GLOBALS: dict[tuple[str, str], object] = {
    ("collections", "OrderedDict"): _Function(_ordered_dict),
    ("torch._utils", "_rebuild_tensor_v2"): _Function(_rebuild_tensor_v2),
    ("torch._utils", "_rebuild_tensor"): _Function(_rebuild_tensor),
    ("torch._utils", "_rebuild_parameter"): _Function(_rebuild_parameter),
    ("torch._utils", "_rebuild_parameter_with_state"): _Function(_rebuild_parameter_with_state),
    ("torch", "Size"): _Function(_size),
    **{("torch", name): _StorageType(name, dtype, bf16) for name, (dtype, bf16) in _STORAGE_DTYPES.items()},
    **{("torch", name): _DType(name) for name in _TORCH_DTYPES},
}


_REPR = reprlib.Repr()  # keyword arguments only from Python 3.12
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother = 3, 60, 60


def _describe(value: Any) -> str:
    """A short repr of a value from the file, safe for any value (huge integers, deep nesting)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"an integer of {value.bit_length()} bits"
    try:
        return _short(_REPR.repr(value))
    except (ValueError, RecursionError, MemoryError):  # e.g. an integer too long to print, inside a tuple
        return f"a {type(value).__name__}"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _refusal(module: str, name: str) -> str:
    """Why a name outside the allowlist is refused, in words that help the user."""
    dotted = _short(f"{module}.{name}")
    root = module.split(".")[0]
    if module.startswith(("torch.nn.", "__torch__")) or module == "__main__":
        return (
            f"refused: the file holds a whole pickled model ({dotted}), which needs its code to load; "
            f"rnnviz only reads tensors: {SAVE_STATE_DICT}"
        )
    if module == "torch" and name.endswith("Storage"):
        return f"refused: the file holds {dotted} tensors, a type rnnviz cannot read (it reads real numbers)"
    if module in ("torch._utils", "torch._tensor") and name.startswith("_rebuild"):
        return f"refused: the file holds a kind of tensor rnnviz cannot read ({dotted}); it reads dense tensors"
    if root == "numpy":
        return (
            f"refused: the file holds pickled numpy objects ({dotted}), which rnnviz does not unpickle; "
            "store torch tensors instead"
        )
    if root not in sys.stdlib_module_names and root != "torch" and name[:1].isupper():
        return (
            f"refused: the file holds a pickled object of class {dotted}, which needs its code to load; "
            f"rnnviz only reads tensors: {SAVE_STATE_DICT}"
        )
    return f"refused: the file asks to run code ({dotted}); rnnviz only reads tensors"


def _allowed(module: Any, name: Any) -> object:
    """Our stand-in for an allowed global; _Refused for anything else. Nothing is ever imported."""
    if not isinstance(module, str) or not isinstance(name, str):  # pragma: no cover - pickle gives str
        raise _Refused("refused: the file names something that is not a plain name")
    # Python 2 names (protocol < 3), translated as pickle would, for the allowlist and the message.
    module = _compat_pickle.IMPORT_MAPPING.get(module, module)
    module, name = _compat_pickle.NAME_MAPPING.get((module, name), (module, name))
    try:
        return ALLOWED_GLOBALS[(module, name)]
    except KeyError:
        raise _Refused(_refusal(module, name)) from None


#: Opcodes a state_dict never needs: out-of-band buffers and byte arrays (protocol 5), and the copyreg
#: extension registry (EXT*), whose cache could hand back objects without asking find_class.
_UNUSED_OPCODES = {"BYTEARRAY8", "NEXT_BUFFER", "READONLY_BUFFER", "EXT1", "EXT2", "EXT4"}
#: Memo opcodes. The C unpickler grows its memo to the largest index it is given, so a 9-byte
#: pickle asking for entry 2**29 would take gigabytes: indices are checked while scanning.
_MEMO_PUTS = {"PUT", "BINPUT", "LONG_BINPUT", "MEMOIZE"}
_MEMO_GETS = {"GET", "BINGET", "LONG_BINGET"}


def _scan_pickle(stream: io.BytesIO) -> int:
    """Check one pickle statically, from the stream's position; return where it ends.

    Every name written in the pickle (GLOBAL, INST) is checked against the allowlist before
    anything is unpickled, and every length is checked against the bytes actually present, so
    the unpickler never allocates more than the file holds. Names built at load time
    (STACK_GLOBAL) are checked by find_class as they come.
    """
    # Picklers number memo entries 0, 1, 2...: an index beyond the opcodes read so far is damage or a trap.
    stored: set[int] = set()
    try:
        for count, (opcode, arg, _) in enumerate(_quiet(pickletools.genops(stream))):
            if opcode.name in _MEMO_PUTS:
                index = len(stored) if arg is None else arg  # MEMOIZE takes the next number
                if not isinstance(index, int) or not 0 <= index <= count:
                    raise _Damaged(f"the pickle inside is damaged (memo entry {_describe(index)} out of range)")
                stored.add(index)
            elif opcode.name in _MEMO_GETS and arg not in stored:
                raise _Damaged(f"the pickle inside is damaged (memo entry {_describe(arg)} was never stored)")
            elif opcode.name in ("GLOBAL", "INST"):
                module, _, name = str(arg).partition(" ")
                _allowed(module, name)
            elif opcode.name in _UNUSED_OPCODES:
                raise _Damaged(f"the pickle inside uses {opcode.name}, which no state_dict needs")
    except (ValueError, UnicodeDecodeError, struct.error, Warning) as error:
        raise _Damaged(f"the pickle inside does not load ({_short(str(error))})") from None
    return stream.tell()


def _quiet(opcodes: Iterator) -> Iterator:
    """Opcodes from pickletools.genops, a warning (e.g. a bad escape in a string) raised as an error."""
    while True:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                item = next(opcodes)
            except StopIteration:
                return
        yield item


class _RestrictedUnpickler(pickle.Unpickler):
    """Unpickles state_dicts only: globals come from ALLOWED_GLOBALS, storages from persistent ids."""

    def __init__(self, file: Any, storages: dict[str, _Storage]):
        super().__init__(file)
        self.storages = storages

    def find_class(self, module: str, name: str) -> Any:
        return _allowed(module, name)

    def persistent_load(self, pid: Any) -> _Storage:
        if not isinstance(pid, tuple) or len(pid) not in (5, 6) or _text(pid[0]) != "storage":
            raise _Damaged(f"unexpected persistent id {_describe(pid)}")
        storage_type, key, _location, numel = pid[1:5]
        if not isinstance(storage_type, _StorageType):
            raise _Damaged(f"a storage has type {_describe(storage_type)}, expected a torch storage type")
        key = _text(key)
        if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", key):
            raise _Damaged(f"a storage has key {_describe(key)}")
        numel = _count(numel, "storage size")
        storage = self.storages.get(key)
        if storage is None:
            storage = self.storages[key] = _Storage(storage_type, key, numel)
        elif storage.type is not storage_type or storage.numel != numel:
            raise _Damaged(f"storage {key} is named with two different types or sizes")
        view = pid[5] if len(pid) == 6 else None
        if view is None:
            return storage
        # Legacy format before torch 1.x: (view key, offset, size) of a slice of the root storage.
        if not isinstance(view, tuple) or len(view) != 3:
            raise _Damaged(f"unexpected storage view {_describe(view)}")
        offset, view_numel = _count(view[1], "view offset"), _count(view[2], "view size")
        if offset + view_numel > numel:
            raise _Damaged(f"a view of storage {key} reaches past its end")
        return _Storage(storage_type, key, view_numel, root=storage, offset=offset)


def _text(value: Any) -> Any:
    return value.decode("ascii", "replace") if isinstance(value, bytes) else value


def _unpickle(stream: io.BytesIO, storages: dict[str, _Storage]) -> Any:
    """The pickle at the stream's position, scanned then restricted; failures other than refusals are _Damaged."""
    start = stream.tell()
    end = _scan_pickle(stream)
    with stream.getbuffer() as view:
        data = bytes(view[start:end])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a bad escape in a string is damage, not a message on stderr
            return _RestrictedUnpickler(io.BytesIO(data), storages).load()
    except (_Refused, _Damaged):
        raise
    except RecursionError:
        raise _Damaged("the pickle is nested too deeply") from None
    except MemoryError:
        raise _Damaged("the pickle needs more memory than is available") from None
    except Exception as error:  # a malformed pickle raises almost anything
        raise _Damaged(f"the pickle inside does not load ({type(error).__name__}: {_short(str(error))})") from None


def read_tensors(path: str | os.PathLike) -> dict[str, np.ndarray]:
    """Every tensor in a PyTorch or safetensors file, by name, as numpy arrays (native byte order).

    Nested checkpoint dicts are flattened with dotted names ({"model": {"w": t}} -> "model.w");
    values that are not tensors (epoch numbers, strings, lists) are left out. bfloat16 becomes
    float32 (exact). Raises ModelImportError with a one-line message starting with the path.
    """
    tensors = _read_mapping(path)
    try:
        return {name: tensors[name] for name in tensors}
    except (_Refused, _Damaged) as error:
        raise ModelImportError(f"{Path(path)}: {error}") from None


def _read_mapping(path: str | os.PathLike) -> Mapping[str, np.ndarray]:
    """read_tensors, but torch.save's tensors are built only when looked up (a _LazyTensors)."""
    path = Path(path)
    try:
        with open(path, "rb") as file:
            head = file.read(512)
            size = os.fstat(file.fileno()).st_size
    except OSError as error:
        raise ModelImportError(f"{path}: cannot read: {error.strerror or error}") from None
    if not head:
        raise ModelImportError(f"{path}: empty file")
    is_safetensors = path.suffix.lower() in SAFETENSORS_SUFFIXES or (
        not head.startswith((b"PK", b"\x80")) and head[8:9] == b"{"
    )
    try:
        if is_safetensors:
            return _read_safetensors(path, size)
        return _read_torch(path, head, size)
    except (_Refused, _Damaged) as error:
        raise ModelImportError(f"{path}: {error}") from None


# ---- safetensors ----------------------------------------------------------------------------

_SAFETENSORS_NUMPY_DTYPES = {"F64", "F32", "F16", "I64", "U64", "I32", "U32", "I16", "U16", "I8", "U8", "BOOL"}


def _read_safetensors(path: Path, size: int) -> dict[str, np.ndarray]:
    _check_safetensors_header(path, size)
    try:
        from safetensors import SafetensorError
        from safetensors.numpy import load_file
    except ImportError:
        raise ModelImportError(f"{path}: reading .safetensors files needs the safetensors package") from None
    try:
        loaded = load_file(path)
    except (SafetensorError, TypeError, ValueError, OSError) as error:
        raise _Damaged(f"not a safetensors file ({_short(str(error), 120)})") from None
    return {name: np.array(array, order="C", copy=True) for name, array in loaded.items()}


def _check_safetensors_header(path: Path, size: int) -> None:
    """Clear messages for a truncated file and for dtypes numpy cannot hold; the rest is left to safetensors."""
    with open(path, "rb") as file:
        prefix = file.read(8)
        if len(prefix) < 8:
            raise _Damaged("not a safetensors file (shorter than its 8-byte header length)")
        (header_length,) = struct.unpack("<Q", prefix)
        if header_length > min(size - 8, 100 << 20):
            if header_length <= 100 << 20:
                raise _Damaged(f"truncated safetensors file: its header needs {header_length} bytes")
            return  # nonsense length: safetensors names the problem
        try:
            header = json.loads(file.read(header_length))
        except (ValueError, RecursionError):
            return
    if not isinstance(header, dict):
        return
    end = 0
    for name, info in header.items():
        if name == "__metadata__" or not isinstance(info, dict):
            continue
        dtype = info.get("dtype")
        if isinstance(dtype, str) and dtype not in _SAFETENSORS_NUMPY_DTYPES:
            hint = " (convert it with tensor.float() before saving)" if dtype in ("BF16", "F8_E4M3", "F8_E5M2") else ""
            if dtype in ("C64", "C128"):
                hint = " (complex numbers)"
            raise _Damaged(f"tensor {_short(name)} is {_short(dtype)}, a type numpy cannot hold{hint}")
        offsets = info.get("data_offsets")
        if isinstance(offsets, list) and len(offsets) == 2 and all(isinstance(v, int) for v in offsets):
            end = max(end, offsets[1])
    if 8 + header_length + end > size:
        raise _Damaged(f"truncated safetensors file: the tensors need {8 + header_length + end} bytes, it has {size}")


# ---- torch.save -----------------------------------------------------------------------------


def _read_torch(path: Path, head: bytes, size: int) -> Mapping[str, np.ndarray]:
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _read_torch_zip(path, size)
    if len(head) > 262 and head[257:262] == b"ustar":
        raise _Damaged(f"saved in PyTorch's legacy tar format (before 0.4); re-save it: {SAVE_STATE_DICT}")
    if head.startswith(b"\x80"):
        return _read_torch_legacy(path, size)
    raise _Damaged("not a PyTorch checkpoint: neither a zip archive (torch.save) nor a pickle")


def _read_torch_zip(path: Path, size: int) -> Mapping[str, np.ndarray]:
    try:
        archive = zipfile.ZipFile(path)
    except OSError as error:
        raise _Damaged(f"cannot read: {error.strerror or error}") from None
    except Exception as error:  # BadZipFile, NotImplementedError (zip version), EOFError, ValueError...
        raise _Damaged(f"truncated or damaged zip archive ({_short(str(error))})") from None
    with archive:
        try:
            return _read_zip_entries(archive, size)
        except (_Refused, _Damaged):
            raise
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as error:
            raise _Damaged(f"truncated or damaged zip archive ({_short(str(error))})") from None
        except Exception as error:  # e.g. zlib.error from a damaged compressed entry
            raise _Damaged(f"damaged zip archive ({type(error).__name__}: {_short(str(error))})") from None


def _zip_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """An entry's bytes; a compressed entry claiming to expand far beyond its size (a zip bomb) is refused."""
    limit = MAX_COMPRESSION_RATIO * info.compress_size + (1 << 20)
    if info.compress_type != zipfile.ZIP_STORED and info.file_size > limit:
        raise _Damaged(f"{info.filename} would expand {info.file_size} bytes from {info.compress_size}: refused")
    return archive.read(info)


def _read_zip_entries(archive: zipfile.ZipFile, size: int) -> Mapping[str, np.ndarray]:
    infos = {info.filename: info for info in archive.infolist()}
    pickles = [n for n in infos if n == "data.pkl" or (n.endswith("/data.pkl") and n.count("/") == 1)]
    if not pickles:
        raise _Damaged("a zip archive without data.pkl: not a PyTorch checkpoint")
    prefix = pickles[0][: -len("data.pkl")]
    if prefix + "constants.pkl" in infos or any(name.startswith(prefix + "code/") for name in infos):
        raise _Damaged(f"a TorchScript archive (torch.jit.save), which holds code; {SAVE_STATE_DICT}")
    byteorder = "little"
    if prefix + "byteorder" in infos:
        byteorder = _zip_read(archive, infos[prefix + "byteorder"]).decode("ascii", "replace").strip()
        if byteorder not in ("little", "big"):
            raise _Damaged(f"unknown byte order {_describe(byteorder)}")
    storages: dict[str, _Storage] = {}
    root = _unpickle(io.BytesIO(_zip_read(archive, infos[prefix + "data.pkl"])), storages)
    tensors = _flatten(root)  # before reading data: refuse a non-dict without reading storages
    endian = "<" if byteorder == "little" else ">"
    for key, storage in storages.items():
        info = infos.get(f"{prefix}data/{key}")
        if info is None:
            raise _Damaged(f"the data of storage {key} is missing (no {prefix}data/{key})")
        dtype = storage.type.dtype.newbyteorder(endian)
        expected = storage.numel * dtype.itemsize
        if info.file_size != expected:
            raise _Damaged(f"{info.filename} holds {info.file_size} bytes, expected {expected}")
        storage.set_data(_native(np.frombuffer(_zip_read(archive, info), dtype=dtype)))
    return _LazyTensors(tensors, size)


def _native(data: np.ndarray) -> np.ndarray:
    """Storage values in the machine's byte order (a read-only view when no swap is needed)."""
    return data if data.dtype.isnative else data.astype(data.dtype.newbyteorder("="))


def _read_torch_legacy(path: Path, size: int) -> Mapping[str, np.ndarray]:
    storages: dict[str, _Storage] = {}
    with io.BytesIO(path.read_bytes()) as file:
        magic = _unpickle(file, storages)
        if isinstance(magic, bool) or magic != LEGACY_MAGIC_NUMBER:
            raise _Damaged("a pickle but not a PyTorch checkpoint (no torch.save header)")
        version = _unpickle(file, storages)
        if version != LEGACY_PROTOCOL_VERSION:
            raise _Damaged(f"PyTorch legacy format version {_describe(version)}, expected {LEGACY_PROTOCOL_VERSION}")
        _unpickle(file, storages)  # sys_info: byte order of the machine; storage data is always little-endian
        root = _unpickle(file, storages)
        tensors = _flatten(root)
        keys = _unpickle(file, storages)
        if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
            raise _Damaged("the list of storages is damaged")
        for key in keys:
            storage = storages.get(key)
            if storage is None:
                raise _Damaged(f"storage {_short(key)} is stored but never used")
            header = file.read(8)
            if len(header) < 8:
                raise _Damaged("truncated file: storage data missing")
            (numel,) = struct.unpack("<q", header)
            if numel != storage.numel:
                raise _Damaged(f"storage {key} holds {numel} values, expected {storage.numel}")
            dtype = storage.type.dtype.newbyteorder("<")
            raw = file.read(numel * dtype.itemsize)
            if len(raw) < numel * dtype.itemsize:
                raise _Damaged("truncated file: storage data cut short")
            storage.set_data(_native(np.frombuffer(raw, dtype=dtype)))
    return _LazyTensors(tensors, size)


def _flatten(root: Any) -> dict[str, _Tensor]:
    """Named tensors of a state_dict or a checkpoint dict wrapping one (dotted names, file order)."""
    if isinstance(root, _Tensor):
        raise _Damaged(f"holds a single tensor, not a state_dict (a dict of named tensors); {SAVE_STATE_DICT}")
    if not isinstance(root, Mapping):
        raise _Damaged(f"holds a {type(root).__name__}, not a state_dict; {SAVE_STATE_DICT}")
    out: dict[str, _Tensor] = {}
    seen: set[int] = set()

    def walk(mapping: Mapping, prefix: str, depth: int) -> None:
        if id(mapping) in seen or depth > MAX_NESTING:
            return
        seen.add(id(mapping))
        for key, value in mapping.items():
            if isinstance(key, bool) or not isinstance(key, (str, int)):
                continue
            name = f"{prefix}{key}"
            if isinstance(value, _Tensor):
                out.setdefault(name, value)
            elif isinstance(value, Mapping):
                walk(value, name + ".", depth + 1)

    walk(root, "", 0)
    return out


class _LazyTensors(Mapping):
    """Named tensors, each rebuilt as a numpy array only when asked for, within an element budget.

    The budget ties what is built to the file's real size: a tensor may repeat stored values
    (stride 0), so a few kilobytes could otherwise describe gigabytes of views.
    """

    def __init__(self, tensors: dict[str, _Tensor], file_size: int):
        self._tensors = tensors
        self._arrays: dict[int, np.ndarray] = {}
        self._budget = MAX_ELEMENTS_PER_FILE_BYTE * file_size + MAX_OVERLAP_ELEMENTS

    def __getitem__(self, name: str) -> np.ndarray:
        tensor = self._tensors[name]
        array = self._arrays.get(id(tensor))
        if array is None:
            numel = math.prod(tensor.size)
            if numel > MAX_TENSOR_ELEMENTS or numel > self._budget:
                raise _Damaged(
                    f"tensor {_short(name)} of size {_shape_text(tensor.size)} would need more memory than "
                    "the file's size allows (a damaged or hostile file)"
                )
            self._budget -= numel
            try:
                array = tensor.to_numpy()
            except (ValueError, MemoryError) as error:
                raise _Damaged(f"tensor {_short(name)} cannot be rebuilt ({_short(str(error))})") from None
            self._arrays[id(tensor)] = array
        return array

    def __iter__(self) -> Iterator[str]:
        return iter(self._tensors)

    def __len__(self) -> int:
        return len(self._tensors)

    def ndim(self, name: str) -> int:
        return len(self._tensors[name].size)


# --------------------------------------------------------------------------------------------
# Finding recurrent layers and embeddings
# --------------------------------------------------------------------------------------------

_PARAMETER = re.compile(
    r"^(?:(?P<module>.+)\.)?(?P<param>weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)"
    r"(?:_l(?P<layer>\d+)(?P<reverse>_reverse)?)?$"
)
_KINDS = {spec.gate_count: model for model, spec in SPECS.items()}
_EMBEDDING_SUFFIXES = ("embedding.weight", "embed.weight", "emb.weight", "embeddings.weight", "word_embeddings.weight")
MULTI_NOTE = "multi-layer and bidirectional models are imported one layer and direction at a time"
TANH_NOTE = "nonlinearity not stored in a state_dict: tanh assumed"


def find_layers(
    tensors: Mapping[str, np.ndarray], *, embeddings: bool = True
) -> tuple[list[RecurrentLayer], list[EmbeddingTable]]:
    """Recurrent layers (nn.RNN/LSTM/GRU per layer and direction, and their Cell versions) and embeddings.

    Layers come in file order: modules as they first appear, then layer index, forward before
    reverse. With embeddings=False no embedding table is built (nor looked for). Arrays are
    float64 and C-contiguous. Raises ModelImportError (one line, no path)
    for inconsistent shapes or when there is no recurrent layer.
    """
    # module -> (layer or None for a cell, reverse) -> parameter name -> tensor key
    modules: dict[str, dict[tuple[int | None, bool], dict[str, str]]] = {}
    for key in tensors:
        match = _PARAMETER.match(key)
        if match is None:
            continue
        layer = None if match["layer"] is None else int(match["layer"])
        unit = modules.setdefault(match["module"] or "", {}).setdefault((layer, bool(match["reverse"])), {})
        unit[match["param"]] = key

    layers: list[RecurrentLayer] = []
    skipped: list[str] = []
    for module, units in modules.items():
        if any("weight_hr" in params for params in units.values()):
            skipped.append(f"{module or 'the top-level LSTM'} (an LSTM with proj_size, which rnnviz cannot show)")
            continue
        numbered = [layer for layer, _ in units if layer is not None]
        layer_count = max(numbered) + 1 if numbered else 0
        bidirectional = any(reverse for _, reverse in units)
        for (layer, reverse), params in sorted(units.items(), key=lambda item: _order(item[0])):
            layers.append(_layer(tensors, module, layer, reverse, params, layer_count, bidirectional))

    if not layers:
        if skipped:
            raise ModelImportError(f"no recurrent layer rnnviz can show: skipped {'; '.join(skipped)}")
        raise ModelImportError(f"no recurrent layer found: {_no_layer_hint(tensors)}")
    if skipped:
        extra = f"skipped {'; '.join(skipped)}"
        layers = [_with_note(layer, extra) for layer in layers]

    recurrent_modules = set(modules)
    tables = [
        EmbeddingTable(name=key[: -len(".weight")] or key, weight=_float64(key, tensors[key]))
        for key in (tensors if embeddings else ())
        if _is_embedding(key, _ndim(tensors, key), recurrent_modules)
    ]
    return layers, tables


def read_layers(
    path: str | os.PathLike, *, embeddings: bool = True
) -> tuple[list[RecurrentLayer], list[EmbeddingTable]]:
    """read_tensors then find_layers, with every message starting with the path.

    Only the tensors of recurrent layers (and of embedding tables, unless embeddings=False) are
    built; optimizer state and other tensors in a checkpoint are never materialised.
    """
    tensors = _read_mapping(path)
    try:
        with np.errstate(all="ignore"):  # NaN (even signalling) is refused by a check, not a warning
            return find_layers(tensors, embeddings=embeddings)
    except (ModelImportError, _Refused, _Damaged) as error:
        raise ModelImportError(f"{Path(path)}: {error}") from None


def _ndim(tensors: Mapping[str, np.ndarray], key: str) -> int:
    return tensors.ndim(key) if isinstance(tensors, _LazyTensors) else np.ndim(tensors[key])


def _order(unit: tuple[int | None, bool]) -> tuple[int, bool]:
    layer, reverse = unit
    return (-1 if layer is None else layer, reverse)


def _layer(
    tensors: Mapping[str, np.ndarray], module: str, layer: int | None, reverse: bool, params: dict[str, str],
    layer_count: int, bidirectional: bool,
) -> RecurrentLayer:  # fmt: skip
    suffix = "" if layer is None else f"_l{layer}" + ("_reverse" if reverse else "")
    dotted = f"{module}." if module else ""
    for needed in ("weight_ih", "weight_hh"):
        if needed not in params:
            present = params[next(iter(params))]
            raise ModelImportError(f"incomplete layer: {present} has no {dotted}{needed}{suffix} next to it")
    key_ih, key_hh = params["weight_ih"], params["weight_hh"]
    w_ih, w_hh = _float64(key_ih, tensors[key_ih]), _float64(key_hh, tensors[key_hh])
    if w_hh.ndim != 2 or w_ih.ndim != 2:
        key, w = (key_hh, w_hh) if w_hh.ndim != 2 else (key_ih, w_ih)
        raise ModelImportError(f"inconsistent shapes: {key} is {_shape_text(w.shape)}, expected a matrix")
    rows, hidden = w_hh.shape
    gates = rows // hidden if hidden and rows % hidden == 0 else 0
    if gates not in _KINDS:
        raise ModelImportError(
            f"inconsistent shapes: {key_hh} is {rows}x{hidden}, but a recurrent weight_hh is (G*H)xH "
            "with G = 1 (RNN), 3 (GRU) or 4 (LSTM)"
        )
    if w_ih.shape[0] != rows or w_ih.shape[1] == 0:
        raise ModelImportError(
            f"inconsistent shapes: {key_hh} is {rows}x{hidden} but {key_ih} is {_shape_text(w_ih.shape)}; "
            f"it needs {rows} rows"
        )
    biases = {}
    for name in ("bias_ih", "bias_hh"):
        if name in params:
            bias = _float64(params[name], tensors[params[name]])
            if bias.shape != (rows,):
                raise ModelImportError(
                    f"inconsistent shapes: {key_hh} is {rows}x{hidden} but {params[name]} is "
                    f"{_shape_text(bias.shape)}, expected {rows} values"
                )
            biases[name] = bias
        else:
            biases[name] = np.zeros(rows)
    kind = _KINDS[gates]

    display = module or kind
    notes = []
    if layer is None:
        name = display if module else f"{kind} cell"
    else:
        name = f"{display} layer {layer}" + (" reverse" if reverse else "")
        if layer_count > 1 or bidirectional:
            direction = f", {'reverse' if reverse else 'forward'} direction" if bidirectional else ""
            notes.append(f"layer {layer + 1} of {layer_count}{direction}; {MULTI_NOTE}")
    if kind == "rnn":
        notes.append(TANH_NOTE)
    return RecurrentLayer(
        name=name,
        kind=kind,
        weight_ih=w_ih,
        weight_hh=w_hh,
        bias_ih=biases["bias_ih"],
        bias_hh=biases["bias_hh"],
        nonlinearity="tanh",
        note="; ".join(notes),
    )


def _with_note(layer: RecurrentLayer, extra: str) -> RecurrentLayer:
    return replace(layer, note=f"{layer.note}; {extra}" if layer.note else extra)


def _float64(key: str, array: np.ndarray) -> np.ndarray:
    array = np.asarray(array)
    if np.iscomplexobj(array):
        raise ModelImportError(f"{key} holds complex numbers; rnnviz needs real weights")
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_):
        raise ModelImportError(f"{key} holds {array.dtype} values, not numbers")
    with np.errstate(all="ignore"):  # a signalling NaN warns when widened; the check below refuses it
        out = np.array(array, dtype=np.float64, order="C", copy=True)
    if not np.isfinite(out).all():
        raise ModelImportError(f"{key} holds NaN or infinite values")
    return out


def _is_embedding(key: str, ndim: int, recurrent_modules: set[str]) -> bool:
    if not key.endswith(".weight") or ndim != 2 or key[: -len(".weight")] in recurrent_modules:
        return False
    lowered = key.lower()
    return lowered.endswith(_EMBEDDING_SUFFIXES) or "embed" in lowered[: -len(".weight")]


def _shape_text(shape: tuple[int, ...]) -> str:
    return "x".join(str(n) for n in shape) if shape else "a single number"


def _no_layer_hint(tensors: Mapping[str, np.ndarray]) -> str:
    expected = (
        "expected keys like weight_ih_l0 and weight_hh_l0 (nn.RNN, nn.LSTM, nn.GRU) "
        "or weight_ih and weight_hh (nn.RNNCell, nn.LSTMCell, nn.GRUCell)"
    )
    if not tensors:
        return f"the file holds no tensors; {expected}"
    names = list(tensors)
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"{expected}; the file has {_short(shown, 200)}"


__all__ = ["ALLOWED_GLOBALS", "find_layers", "read_layers", "read_tensors"]
