import { usePlannedFeaturesWebSocket } from '../hooks/useWebSocket';

export function PlannedFeaturesPanel() {
  const { data: features = [] } = usePlannedFeaturesWebSocket();
  const totalHours = features.reduce((sum, f) => sum + (f.estimated_hours ?? 0), 0);

  return (
    <section className="panel">
      <h2>Planned features</h2>
      <p className="muted">
        {features.length} open · ~{totalHours}h estimated
      </p>
      <ul>
        {features.map((feature) => (
          <li key={feature.id}>
            <span className={`priority priority-${feature.priority}`}>P{feature.priority}</span> {feature.title}
          </li>
        ))}
      </ul>
    </section>
  );
}
