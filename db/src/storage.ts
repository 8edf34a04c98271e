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

/** Parses the S3_* settings into an S3Config (null when not all are set). */
export function s3ConfigFrom(e: {
  endpoint?: string;
  accessKey?: string;
  secretKey?: string;
  bucket?: string;
  region?: string;
}): S3Config | null {
  if (!e.endpoint || !e.accessKey || !e.secretKey || !e.bucket) return null;
  const u = new URL(e.endpoint);
  return {
    endPoint: u.hostname,
    port: u.port ? Number(u.port) : undefined,
    useSSL: u.protocol === 'https:',
    accessKey: e.accessKey,
    secretKey: e.secretKey,
    bucket: e.bucket,
    region: e.region ?? 'us-east-1',
  };
}
