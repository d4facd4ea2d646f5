"""One guard inside Streamlit: a widget value of the wrong wire type.

A browser sends each widget's value in the protobuf field its widget uses. A
crafted client can put any field under any widget id (text for a number
input, a JSON object where a chart's selection is JSON text); Streamlit then
raises while decoding it, before the page runs, and keeps raising on every
rerun of that session (or, for a select, records the wrong field and raises
when it sends the value back). Here a value in a field its widget does not
use, or one its deserializer cannot read, is dropped as if never sent: the
widget keeps its previous value (session state) or its default, and
``ui.inputs`` then checks what the page reads, as for any other value.
"""

from __future__ import annotations

from typing import Any

from streamlit.proto.WidgetStates_pb2 import WidgetState as WidgetStateProto
from streamlit.runtime.state.session_state import Serialized, WStates

_DECODE_ERRORS = (TypeError, ValueError, OverflowError, AttributeError, IndexError)


def _decode_or_forget(self: WStates, key: str) -> Any:
    state, metadata = self.states.get(key), self.widget_metadata.get(key)
    if isinstance(state, Serialized) and metadata is not None:
        field = state.value.WhichOneof("value")
        if field is not None and field != metadata.value_type:  # not its widget's field
            self.states[key] = Serialized(WidgetStateProto(id=key))
    try:
        return _decode(self, key)
    except _DECODE_ERRORS:
        # Decode it as a widget that sent no value (its deserializer's None:
        # the previous value or the default). Replaced, not removed: callers
        # may be iterating over these states.
        self.states[key] = Serialized(WidgetStateProto(id=key))
        return _decode(self, key)


if getattr(WStates.__getitem__, "__name__", "") != _decode_or_forget.__name__:
    _decode = WStates.__getitem__
    WStates.__getitem__ = _decode_or_forget  # type: ignore[method-assign]
