/** STS GetCallerIdentity through the AWS SDK, against the local IdP: who the credentials are. */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';

export async function callerArn(url: string, region: string, credentials: AwsCredentialIdentity): Promise<string> {
  const sts = new STSClient({ endpoint: url, region, credentials, maxAttempts: 1 });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn!;
  } finally {
    sts.destroy();
  }
}
