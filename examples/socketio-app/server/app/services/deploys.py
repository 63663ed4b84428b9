from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone


@dataclass
class Deploy:
    service: str
    version: str
    status: str = "running"
    at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat())


_DEPLOYS: list[Deploy] = []


def recent_deploys(limit: int = 20) -> list[dict]:
    return [asdict(d) for d in _DEPLOYS[-limit:]][::-1]


def record_deploy(service: str, version: str) -> Deploy:
    deploy = Deploy(service, version)
    _DEPLOYS.append(deploy)
    return deploy
