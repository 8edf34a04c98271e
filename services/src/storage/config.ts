/** Where meeting objects (recordings) are stored: S3 settings shared by the web app and agent. */
export interface S3Config {
  endPoint: string;
  port: number | undefined;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
}

function endpointParts(endpoint: string): Pick<S3Config, 'endPoint' | 'port' | 'useSSL'> {
  const u = new URL(endpoint);
  return {
    endPoint: u.hostname,
    port: u.port ? Number(u.port) : undefined,
    useSSL: u.protocol === 'https:',
  };
}

/** Parses the S3_* settings into an S3Config (null when not all are set). */
export function s3ConfigFrom(e: {
  endpoint?: string | undefined;
  accessKey?: string | undefined;
  secretKey?: string | undefined;
  bucket?: string | undefined;
  region?: string | undefined;
}): S3Config | null {
  if (!e.endpoint || !e.accessKey || !e.secretKey || !e.bucket) return null;
  return {
    ...endpointParts(e.endpoint),
    accessKey: e.accessKey,
    secretKey: e.secretKey,
    bucket: e.bucket,
    region: e.region ?? 'us-east-1',
  };
}

/** The same store reached at another address (the one browsers use, for presigned URLs). */
export function s3AtEndpoint(c: S3Config, endpoint: string): S3Config {
  return { ...c, ...endpointParts(endpoint) };
}
