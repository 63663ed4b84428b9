"""Rules: one explicit registry, in code order; `codes.CODES` is the same list of codes and names."""

from __future__ import annotations

from wscheck.rules.base import Rule
from wscheck.rules.ws001_parse_error import ParseError
from wscheck.rules.ws002_unresolved_message_type import UnresolvedMessageType
from wscheck.rules.ws003_unused_suppression import UnusedSuppression
from wscheck.rules.ws101_missing_broadcast import MissingBroadcast
from wscheck.rules.ws102_idle_subscription import IdleSubscription
from wscheck.rules.ws103_missing_consumer_handler import MissingConsumerHandler
from wscheck.rules.ws104_client_type_never_sent import ClientTypeNeverSent
from wscheck.rules.ws105_broadcast_never_consumed import BroadcastNeverConsumed
from wscheck.rules.ws106_unguarded_broadcast_loop import UnguardedBroadcastLoop
from wscheck.rules.ws107_silent_websocket_error import SilentWebsocketError
from wscheck.rules.ws108_unknown_endpoint import UnknownEndpoint
from wscheck.rules.ws201_http_polling import HttpPolling
from wscheck.rules.ws202_aggressive_fallback_polling import AggressiveFallbackPolling
from wscheck.rules.ws203_polling_duplicates_websocket import PollingDuplicatesWebsocket
from wscheck.rules.ws204_global_polling_default import GlobalPollingDefault
from wscheck.rules.ws301_no_client_hook import NoClientHook
from wscheck.rules.ws302_no_component_integration import NoComponentIntegration
from wscheck.rules.ws303_no_tests import NoTests
from wscheck.rules.ws304_no_docs import NoDocs

RULES: tuple[Rule, ...] = (
    ParseError(),
    UnresolvedMessageType(),
    UnusedSuppression(),
    MissingBroadcast(),
    IdleSubscription(),
    MissingConsumerHandler(),
    ClientTypeNeverSent(),
    BroadcastNeverConsumed(),
    UnguardedBroadcastLoop(),
    SilentWebsocketError(),
    UnknownEndpoint(),
    HttpPolling(),
    AggressiveFallbackPolling(),
    PollingDuplicatesWebsocket(),
    GlobalPollingDefault(),
    NoClientHook(),
    NoComponentIntegration(),
    NoTests(),
    NoDocs(),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

__all__ = ["Rule", "RULES", "RULES_BY_CODE"]
