/** Guice wiring: backends discovered with {@link java.util.ServiceLoader} and bound by name. */
package io.zbuf.core.wiring;
