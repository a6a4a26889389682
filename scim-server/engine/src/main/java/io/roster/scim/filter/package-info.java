/**
 * RFC 7644 section 3.4.2.2 filters: the lexer, the recursive-descent parser, the immutable AST
 * ({@link io.roster.scim.filter.Filter} and its records) and the schema-aware evaluator.
 */
package io.roster.scim.filter;
