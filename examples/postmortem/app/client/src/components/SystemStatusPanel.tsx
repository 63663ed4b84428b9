import { useSystemStatusWebSocket } from '../hooks/useWebSocket';
import { ConnectionBadge } from './ConnectionBadge';

export function SystemStatusPanel() {
  const { data: status, isConnected } = useSystemStatusWebSocket();

  return (
    <section className="panel">
      <header className="panel-header">
        <h2>System status</h2>
        <ConnectionBadge isConnected={isConnected} />
      </header>
      {status ? (
        <>
          <p className={`overall overall-${status.overall_status}`}>{status.overall_status}</p>
          <ul className="services">
            {Object.entries(status.services).map(([name, service]) => (
              <li key={name} className={`service service-${service.status}`}>
                <strong>{name}</strong> {service.message}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="loading">Checking services…</p>
      )}
    </section>
  );
}
