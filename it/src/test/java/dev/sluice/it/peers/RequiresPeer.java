package dev.sluice.it.peers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class (or method) only where the named peers can run. Otherwise every
 * test is reported as skipped with one line naming what is missing and how to install it; with
 * {@code CI=true} they fail instead. Evaluated before {@code @BeforeAll}, so a class can start its
 * peer there. Names: {@link PostfixDovecot#NAME}, {@link Exim#NAME}, {@link Aiosmtpd#NAME},
 * {@link Peers#SWAKS}, {@link Peers#PYTHON3}.
 *
 * <pre>{@code
 * @RequiresPeer(Exim.NAME)
 * class BdatIT {
 *   static Exim exim;
 *   @BeforeAll static void start() { exim = new Exim().start(); }
 *   @AfterAll static void stop() { exim.close(); }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RequiresPeerCondition.class)
public @interface RequiresPeer {

  /** The peers the test needs. */
  String[] value();
}
