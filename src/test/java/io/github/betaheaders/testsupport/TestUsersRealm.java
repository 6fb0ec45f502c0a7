package io.github.betaheaders.testsupport;

import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;

/** A Tomcat realm of users, passwords (plain) and roles given by the test, as a tomcat-users.xml would list them. */
public final class TestUsersRealm extends RealmBase {

    private final Map<String, String> passwords = new HashMap<>();
    private final Map<String, List<String>> roles = new HashMap<>();

    public TestUsersRealm user(String name, String password, String... userRoles) {
        passwords.put(name, password);
        roles.put(name, List.of(userRoles));
        return this;
    }

    @Override
    protected String getPassword(String username) {
        return passwords.get(username);
    }

    @Override
    protected Principal getPrincipal(String username) {
        return passwords.containsKey(username) ? new GenericPrincipal(username, roles.get(username)) : null;
    }
}
