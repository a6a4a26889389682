/**
 * The SCIM operations, free of HTTP: create, read, replace, delete and list resources, membership,
 * preconditions and password hashing. Takes typed requests, returns snapshots or throws ScimException.
 */
package io.roster.scim.service;
