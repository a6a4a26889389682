/**
 * The HTTP edge. Below JAX-RS, on Grizzly: the server ({@code HttpEdge}), its codec, and the handler in
 * front of Jersey that checks request targets, authenticates the caller and takes its concurrency permit,
 * and only then collects the body without blocking a worker. In JAX-RS: resources that translate HTTP to
 * service calls, body limits and media types, conditional requests, and the exception mappers that turn every failure into
 * an RFC 7644 section 3.12 error. JAX-RS and Grizzly types appear nowhere else (but app, which starts it).
 */
package io.roster.scim.http;
