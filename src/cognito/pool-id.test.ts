import { describe, expect, it } from 'vitest';
import { awsIssuer, isAwsRegion, parsePoolId } from './pool-id.js';
import { srpPoolName } from './srp.js';

describe('parsePoolId', () => {
  it('reads the region of an AWS pool id and none of an emulator one', () => {
    expect(parsePoolId('us-east-1_AbC123')).toEqual({ prefix: 'us-east-1', name: 'AbC123', region: 'us-east-1' });
    expect(parsePoolId('local_4Xq9ZtP2')).toEqual({ prefix: 'local', name: '4Xq9ZtP2' });
  });

  it('takes LocalStack and moto ids, which keep the AWS form with longer names', () => {
    expect(parsePoolId('us-east-1_fd924693e9b04f549f989283123a29c2')?.region).toBe('us-east-1');
    expect(parsePoolId('eu-west-2_Zz9AbCdEf')?.name).toBe('Zz9AbCdEf');
  });

  it('hands SRP the same pool name Amplify takes with split("_")[1]', () => {
    for (const id of ['us-east-1_AbC123', 'local_4Xq9ZtP2', 'us-gov-west-1_X']) {
      expect(srpPoolName(id)).toBe(id.split('_')[1]);
    }
    expect(srpPoolName('no-underscore')).toBe('');
  });
});

describe('isAwsRegion', () => {
  it.each(['us-east-1', 'ap-southeast-2', 'us-gov-west-1', 'il-central-1'])('accepts %s', (region) => {
    expect(isAwsRegion(region)).toBe(true);
  });
  it.each(['local', 'us-east', 'US-EAST-1', 'us-east-1 ', ''])('refuses %j', (region) => {
    expect(isAwsRegion(region)).toBe(false);
  });
});

it('builds the issuer Cognito writes into tokens', () => {
  expect(awsIssuer('eu-west-1', 'eu-west-1_AbC')).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC');
});
