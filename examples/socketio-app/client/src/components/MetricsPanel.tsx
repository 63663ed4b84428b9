import { useMetrics } from '../hooks/useMetrics';

export function MetricsPanel() {
  const metrics = useMetrics();
  if (!metrics) return <section>Connecting…</section>;
  return (
    <section>
      <h2>Host</h2>
      <p>CPU {metrics.cpu_percent} % · memory {metrics.memory_percent} % · {metrics.connections} connections</p>
    </section>
  );
}
