interface ConnectionBadgeProps {
  isConnected: boolean;
}

export function ConnectionBadge({ isConnected }: ConnectionBadgeProps) {
  return (
    <span className={`badge ${isConnected ? 'badge-live' : 'badge-offline'}`} title={isConnected ? 'Live' : 'Reconnecting…'}>
      {isConnected ? '● live' : '○ offline'}
    </span>
  );
}
