package io.roster.scim.service;

/** Who is calling: for now the bootstrap administrator; later API clients and users. */
public record Principal(String name) {
}
