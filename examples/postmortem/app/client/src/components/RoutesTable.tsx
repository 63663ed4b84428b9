import { useRoutesWebSocket } from '../hooks/useWebSocket';

export function RoutesTable() {
  const { data: routes = [] } = useRoutesWebSocket();

  return (
    <section className="panel">
      <h2>API routes ({routes.length})</h2>
      <table className="routes-table">
        <thead>
          <tr>
            <th>Method</th>
            <th>Path</th>
            <th>Summary</th>
          </tr>
        </thead>
        <tbody>
          {routes.map((route) => (
            <tr key={route.path}>
              <td>{route.methods.join(', ')}</td>
              <td>
                <code>{route.path}</code>
              </td>
              <td>{route.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
