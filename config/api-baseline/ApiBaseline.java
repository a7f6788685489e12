/*
 * Copyright 2026 The NativeMesh Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The API baseline of one module: every public and protected class, constructor, method and field
 * in its exported packages (every package whose name has no {@code internal} segment), one
 * signature a line, sorted, written to {@code <module>/api/<artifactId>.api} and committed. The
 * build compares the compiled classes with it and fails with a diff when they differ, so the public
 * API changes only on purpose (like OkHttp's {@code api/*.api} files).
 *
 * <p>Run by the parent POM's {@code api-baseline} execution (phase {@code verify}) as a Java
 * source-file program, with the module's compile classpath:
 * {@code java -cp <classpath> ApiBaseline.java --enabled=true|false --update=true|false
 * --module=<artifactId> --classes=<target/classes> --baseline=<api file>}. Classes are loaded
 * without being initialized; signatures come from reflection (generic types, varargs, throws).
 * What is recorded: the type's kind, modifiers, type parameters and supertypes; each member's
 * modifiers ({@code public}/{@code protected}, {@code static}, {@code final}, {@code abstract},
 * {@code default}, {@code sealed}), types and names. Protected members of final classes are left
 * out (no subclass can reach them); public members inherited from a non-public superclass are
 * listed under the public class that exposes them.
 *
 * <p>Exit status: 0 when the API matches (or {@code --enabled=false}, or {@code --update=true}
 * rewrote the file), 1 when it differs or the baseline is missing, 2 on a usage error.
 */
public final class ApiBaseline {
  private ApiBaseline() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opts = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        System.err.println("api-baseline: unexpected argument '" + a + "' (expected --name=value)");
        System.exit(2);
      }
      opts.put(a.substring(2, eq), a.substring(eq + 1));
    }
    if (!"true".equals(opts.get("enabled"))) {
      return;
    }
    String module = require(opts, "module");
    Path classes = Path.of(require(opts, "classes"));
    Path baseline = Path.of(require(opts, "baseline"));
    boolean update = "true".equals(opts.get("update"));
    if (!Files.isDirectory(classes)) {
      System.err.println("api-baseline: " + module + " has api.baseline=true but no compiled classes in " + classes);
      System.exit(2);
    }
    List<String> current = render(module, classes);
    List<String> expected = Files.exists(baseline) ? Files.readAllLines(baseline, StandardCharsets.UTF_8) : null;
    if (current.equals(expected)) {
      System.out.println("api-baseline: " + module + " matches " + baseline);
      return;
    }
    if (update) {
      Files.createDirectories(baseline.getParent());
      Files.write(baseline, current, StandardCharsets.UTF_8);
      System.out.println("api-baseline: " + module + ": wrote " + baseline + " (" + current.size() + " lines)");
      return;
    }
    String regenerate = "mvn -B -ntp -DskipTests verify -Dapi.update=true -pl :" + module + " -am, then review and commit the .api file";
    if (expected == null) {
      System.err.println("api-baseline: " + module + " has no API baseline " + baseline + ". Create it with: " + regenerate);
      System.exit(1);
    }
    System.err.println("api-baseline: the public API of " + module + " differs from " + baseline
        + " (- only in the baseline, + only in the build):");
    printDiff(expected, current);
    System.err.println("api-baseline: if the change is intended, accept it with: " + regenerate);
    System.exit(1);
  }

  private static String require(Map<String, String> opts, String name) {
    String v = opts.get(name);
    if (v == null || v.isEmpty()) {
      System.err.println("api-baseline: missing --" + name + "=...");
      System.exit(2);
    }
    return v;
  }

  /** The baseline text of every exported class under {@code classes}, one signature a line. */
  static List<String> render(String module, Path classes) throws IOException {
    List<String> names;
    try (Stream<Path> files = Files.walk(classes)) {
      names = files.filter(p -> p.toString().endsWith(".class"))
          .map(p -> classes.relativize(p).toString().replace('\\', '/'))
          .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
          .filter(n -> !isInternal(n))
          .collect(Collectors.toList());
    }
    ClassLoader loader = ClassLoader.getSystemClassLoader();
    Map<String, List<String>> blocks = new TreeMap<>();
    for (String name : names) {
      Class<?> c;
      try {
        c = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("cannot load " + name + " from the module's compile classpath: " + e, e);
      }
      if (!isExported(c)) {
        continue;
      }
      List<String[]> members = new ArrayList<>(); // {sort key, line}: fields, constructors, methods, by name
      boolean reachableProtected = !Modifier.isFinal(c.getModifiers());
      for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
        if (k != c && Modifier.isPublic(k.getModifiers())) {
          break; // a public superclass has its own block
        }
        for (Field f : k.getDeclaredFields()) {
          if (visible(f.getModifiers(), reachableProtected) && !f.isSynthetic()) {
            members.add(new String[] {"1 " + f.getName(),
                "  " + memberModifiers(f.getModifiers(), false) + type(f.getGenericType()) + " " + f.getName()});
          }
        }
        if (k == c) {
          for (Constructor<?> ctor : k.getDeclaredConstructors()) {
            if (visible(ctor.getModifiers(), reachableProtected) && !ctor.isSynthetic()) {
              members.add(new String[] {"2 ", "  " + memberModifiers(ctor.getModifiers(), false)
                  + typeParameters(ctor.getTypeParameters()) + simpleName(c) + parameters(ctor) + exceptions(ctor)});
            }
          }
        }
        for (Method m : k.getDeclaredMethods()) {
          if (visible(m.getModifiers(), reachableProtected) && !m.isSynthetic() && !m.isBridge()) {
            members.add(new String[] {"3 " + m.getName(), "  " + memberModifiers(m.getModifiers(), m.isDefault())
                + typeParameters(m.getTypeParameters()) + type(m.getGenericReturnType()) + " " + m.getName() + parameters(m)
                + exceptions(m)});
          }
        }
      }
      members.sort(Comparator.<String[], String>comparing(e -> e[0]).thenComparing(e -> e[1]));
      List<String> block = new ArrayList<>();
      block.add(declaration(c));
      block.addAll(members.stream().map(e -> e[1]).distinct().collect(Collectors.toList()));
      blocks.put(c.getName(), block);
    }
    List<String> out = new ArrayList<>();
    out.add("# API baseline of " + module + ": public and protected signatures outside *.internal packages.");
    out.add("# Generated by config/api-baseline/ApiBaseline.java; regenerate with -Dapi.update=true (CONTRIBUTING.md).");
    for (List<String> block : blocks.values()) {
      out.add("");
      out.addAll(block);
    }
    return out;
  }

  private static boolean isInternal(String className) {
    String pkg = className.lastIndexOf('.') < 0 ? "" : className.substring(0, className.lastIndexOf('.'));
    return Arrays.asList(pkg.split("\\.")).contains("internal");
  }

  private static boolean isExported(Class<?> c) {
    if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
      return false;
    }
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      int mod = k.getModifiers();
      boolean outer = k.getDeclaringClass() == null;
      if (!(Modifier.isPublic(mod) || (!outer && Modifier.isProtected(mod)))) {
        return false;
      }
      if (!outer && Modifier.isProtected(mod) && Modifier.isFinal(k.getDeclaringClass().getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(int mod, boolean reachableProtected) {
    return Modifier.isPublic(mod) || (reachableProtected && Modifier.isProtected(mod));
  }

  private static String declaration(Class<?> c) {
    int mod = c.getModifiers();
    StringBuilder b = new StringBuilder();
    b.append(Modifier.isPublic(mod) ? "public " : "protected ");
    String kind;
    if (c.isAnnotation()) {
      kind = "@interface";
    } else if (c.isInterface()) {
      kind = "interface";
    } else if (c.isEnum()) {
      kind = "enum";
    } else if (c.isRecord()) {
      kind = "record";
    } else {
      kind = "class";
    }
    if (Modifier.isStatic(mod) && c.getDeclaringClass() != null && kind.equals("class")) {
      b.append("static ");
    }
    if (Modifier.isAbstract(mod) && kind.equals("class")) {
      b.append("abstract ");
    }
    if (Modifier.isFinal(mod) && kind.equals("class")) {
      b.append("final ");
    }
    if (c.isSealed()) {
      b.append("sealed ");
    }
    b.append(kind).append(' ').append(c.getName()).append(typeParameters(c.getTypeParameters()));
    Type sup = c.getGenericSuperclass();
    if (sup != null && sup != Object.class && !c.isEnum() && !c.isRecord()) {
      b.append(" extends ").append(type(sup));
    }
    Type[] ifaces = c.getGenericInterfaces();
    if (ifaces.length > 0) {
      b.append(c.isInterface() ? " extends " : " implements ")
          .append(Arrays.stream(ifaces).map(ApiBaseline::type).collect(Collectors.joining(", ")));
    }
    return b.toString();
  }

  private static String memberModifiers(int mod, boolean isDefault) {
    StringBuilder b = new StringBuilder(Modifier.isPublic(mod) ? "public " : "protected ");
    if (isDefault) {
      b.append("default ");
    }
    if (Modifier.isAbstract(mod)) {
      b.append("abstract ");
    }
    if (Modifier.isStatic(mod)) {
      b.append("static ");
    }
    if (Modifier.isFinal(mod)) {
      b.append("final ");
    }
    return b.toString();
  }

  private static String simpleName(Class<?> c) {
    String n = c.getName();
    return n.substring(Math.max(n.lastIndexOf('.'), n.lastIndexOf('$')) + 1);
  }

  private static String parameters(Executable e) {
    Type[] ps = e.getGenericParameterTypes();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ps.length; i++) {
      String t = type(ps[i]);
      if (e.isVarArgs() && i == ps.length - 1 && t.endsWith("[]")) {
        t = t.substring(0, t.length() - 2) + "...";
      }
      out.add(t);
    }
    return "(" + String.join(", ", out) + ")";
  }

  private static String exceptions(Executable e) {
    Type[] ts = e.getGenericExceptionTypes();
    if (ts.length == 0) {
      return "";
    }
    return " throws " + Arrays.stream(ts).map(ApiBaseline::type).sorted().collect(Collectors.joining(", "));
  }

  private static String typeParameters(TypeVariable<?>[] vars) {
    if (vars.length == 0) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (TypeVariable<?> v : vars) {
      Type[] bounds = v.getBounds();
      if (bounds.length == 1 && bounds[0] == Object.class) {
        out.add(v.getName());
      } else {
        out.add(v.getName() + " extends " + Arrays.stream(bounds).map(ApiBaseline::type).collect(Collectors.joining(" & ")));
      }
    }
    return "<" + String.join(", ", out) + "> ";
  }

  private static String type(Type t) {
    if (t instanceof Class<?> c) {
      return c.isArray() ? type(c.getComponentType()) + "[]" : c.getName();
    }
    if (t instanceof ParameterizedType p) {
      String owner = p.getOwnerType() == null ? "" : type(p.getOwnerType()) + "$";
      String raw = owner.isEmpty() ? type(p.getRawType()) : owner + simpleName((Class<?>) p.getRawType());
      return raw + "<" + Arrays.stream(p.getActualTypeArguments()).map(ApiBaseline::type).collect(Collectors.joining(", ")) + ">";
    }
    if (t instanceof GenericArrayType g) {
      return type(g.getGenericComponentType()) + "[]";
    }
    if (t instanceof WildcardType w) {
      if (w.getLowerBounds().length > 0) {
        return "? super " + type(w.getLowerBounds()[0]);
      }
      Type[] upper = w.getUpperBounds();
      return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + type(upper[0]);
    }
    if (t instanceof TypeVariable<?> v) {
      return v.getName();
    }
    return t.getTypeName();
  }

  /** Prints a line diff (longest common subsequence) with the class each change belongs to. */
  private static void printDiff(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    String header = null;
    String printedHeader = null;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        if (isHeader(a.get(i))) {
          header = a.get(i);
        }
        i++;
        j++;
        continue;
      }
      String line;
      if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
        line = "+ " + b.get(j);
        if (isHeader(b.get(j))) {
          header = b.get(j);
        }
        j++;
      } else {
        line = "- " + a.get(i);
        if (isHeader(a.get(i))) {
          header = a.get(i);
        }
        i++;
      }
      if (header != null && !header.equals(printedHeader) && !line.substring(2).equals(header)) {
        System.err.println("  " + header);
        printedHeader = header;
      }
      System.err.println(line);
    }
  }

  private static boolean isHeader(String line) {
    return !line.isEmpty() && !line.startsWith(" ") && !line.startsWith("#");
  }
}
