/**
 * The thin JAX-RS edge: resources that translate HTTP to service calls, bearer authentication, body
 * limits and media types, conditional requests, and the exception mappers that turn every failure
 * into an RFC 7644 section 3.12 error. JAX-RS types appear nowhere else.
 */
package io.roster.scim.http;
