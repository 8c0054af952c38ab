import { EMPTY_SHA256, signV4, uriEncode } from '../../src/attachments/sigv4.js';

/**
 * AWS's published Signature Version 4 examples: the generic test suite's get-vanilla and
 * get-vanilla-query-order-key-case, and the S3 documentation's "GET Object" and "GET Bucket (list objects)".
 */
describe('SigV4 request signing', () => {
  const suite = {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    region: 'us-east-1',
    service: 'service',
    date: new Date('2015-08-30T12:36:00Z'),
    payloadHash: EMPTY_SHA256,
  };
  const s3 = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    region: 'us-east-1',
    service: 's3',
    date: new Date('2013-05-24T00:00:00Z'),
    payloadHash: EMPTY_SHA256,
    contentSha256Header: true,
  };

  it('matches get-vanilla', () => {
    const signed = signV4({ ...suite, method: 'GET', url: new URL('https://example.amazonaws.com/') });
    expect(signed.canonicalRequest).toBe(
      [
        'GET',
        '/',
        '',
        'host:example.amazonaws.com',
        'x-amz-date:20150830T123600Z',
        '',
        'host;x-amz-date',
        EMPTY_SHA256,
      ].join('\n'),
    );
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=host;x-amz-date, ' +
        'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('matches get-vanilla-query-order-key-case: the query is sorted', () => {
    const signed = signV4({
      ...suite,
      method: 'GET',
      url: new URL('https://example.amazonaws.com/?Param2=value2&Param1=value1'),
    });
    expect(signed.signature).toBe('b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500');
  });

  it("matches S3's GET Object example (a Range header signed, x-amz-content-sha256 sent)", () => {
    const signed = signV4({
      ...s3,
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: { Range: 'bytes=0-9' },
    });
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(signed.headers['x-amz-content-sha256']).toBe(EMPTY_SHA256);
  });

  it("matches S3's GET Bucket example (query parameters)", () => {
    const signed = signV4({
      ...s3,
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J'),
    });
    expect(signed.signature).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });

  it('changes with the secret, and encodes like RFC 3986', () => {
    const a = signV4({ ...s3, method: 'GET', url: new URL('https://h/b/k') });
    const b = signV4({ ...s3, secretAccessKey: 'other', method: 'GET', url: new URL('https://h/b/k') });
    expect(a.signature).not.toBe(b.signature);
    expect(uriEncode('照片 1+(a)~.jpg')).toBe('%E7%85%A7%E7%89%87%201%2B%28a%29~.jpg');
  });
});
