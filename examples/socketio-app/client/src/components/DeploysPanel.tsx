import { useDeploys } from '../hooks/useDeploys';

export function DeploysPanel() {
  const { deploys, connected } = useDeploys();
  return (
    <section>
      <h2>Deploys {connected ? null : <small>(reconnecting…)</small>}</h2>
      <ul>
        {deploys.map((d) => (
          <li key={`${d.service}@${d.version}`}>
            {d.service} {d.version} — {d.status}
          </li>
        ))}
      </ul>
    </section>
  );
}
