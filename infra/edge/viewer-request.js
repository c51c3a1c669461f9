/**
 * CloudFront Function (cloudfront-js-2.0), viewer-request, for the SvelteKit pages and /api/*.
 * The stack reads this file as text and deploys it inline, so it has no imports and no exports:
 * CloudFront calls the top-level `handler` by name.
 */

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- CloudFront calls it by name
function handler(event) {
  var request = event.request;

  // SvelteKit's named form actions post to `?/name`, and a raw `/` in a query-string key is rejected on
  // the way to the origin (400 InvalidQueryStringException), so the key travels as `%2Fname`; SvelteKit
  // decodes it again when it reads url.searchParams. Same approach as SST's SvelteKitSite. Values (and
  // multiValue) are passed on untouched.
  var querystring = {};
  for (var key in request.querystring) {
    var name = key.indexOf('/') === -1 ? key : encodeURIComponent(key);
    querystring[name] = request.querystring[key];
  }
  request.querystring = querystring;

  // The origin is API Gateway, which receives its own Host. SvelteKit builds the request URL (and so its
  // CSRF Origin check and absolute redirects) from x-forwarded-host, so it must be the host the viewer
  // used, never a value the viewer sent.
  if (request.headers.host) {
    request.headers['x-forwarded-host'] = { value: request.headers.host.value };
  } else {
    delete request.headers['x-forwarded-host'];
  }

  // The origin sees CloudFront's address, not the visitor's, and the rate limits are per address. Set
  // here from the connection (AWS's own True-Client-IP example), a viewer-sent value never survives; the
  // origin request policy (all viewer headers but Host) passes it on.
  request.headers['true-client-ip'] = { value: event.viewer.ip };

  return request;
}
