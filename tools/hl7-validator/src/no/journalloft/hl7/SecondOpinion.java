package no.journalloft.hl7;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.utils.validation.constants.ReferenceValidationPolicy;
import org.hl7.fhir.utilities.http.ManagedWebAccess;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidationEngine;
import org.hl7.fhir.validation.ValidatorUtils;
import org.hl7.fhir.validation.instance.advisor.BasePolicyAdvisorForFullValidation;
import org.hl7.fhir.validation.service.StandAloneValidatorFetcher;

/**
 * Runs HL7's validation engine on a list of files, offline, and writes one JSON result per file.
 *
 * <p>Usage: {@code SecondOpinion --home DIR --out DIR [--version V] [--ig PATH]... [--package ID#VERSION]... FILE...}
 * (or {@code @LISTFILE} for one path per line). The engine reads packages only from
 * {@code DIR/.fhir/packages}, which the caller seeds; web access is prohibited inside the process,
 * no terminology server is configured, and no package is loaded by name unless given with
 * {@code --package}. Result {@code OUT/N.json} belongs to the N-th file (from 0):
 * {@code {"file": ..., "issues": [{"level", "id", "location", "line", "col", "message"}]}} or
 * {@code {"file": ..., "failure": "..."}} when the engine threw.
 */
public final class SecondOpinion {
  private SecondOpinion() {}

  public static void main(String[] args) throws Exception {
    String home = null;
    Path out = null;
    List<String> igs = new ArrayList<>();
    List<String> packages = new ArrayList<>();
    List<String> files = new ArrayList<>();
    String version = "?";
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--home" -> home = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        case "--ig" -> igs.add(args[++i]);
        case "--package" -> packages.add(args[++i]);
        case "--version" -> version = args[++i];
        default -> {
          if (arg.startsWith("@")) {
            for (String line : Files.readAllLines(Path.of(arg.substring(1)), StandardCharsets.UTF_8)) {
              if (!line.isBlank()) files.add(line.strip());
            }
          } else {
            files.add(arg);
          }
        }
      }
    }
    if (home == null || out == null) {
      System.err.println("usage: SecondOpinion --home DIR --out DIR [--ig PATH]... [--package ID#VER]... FILE...");
      System.exit(2);
    }
    // The package cache is $user.home/.fhir/packages; the caller's seeded home, never the user's own.
    System.setProperty("user.home", home);
    ManagedWebAccess.setAccessPolicy(ManagedWebAccess.WebAccessPolicy.PROHIBITED);
    Files.createDirectories(out);

    ValidationEngine engine = new ValidationEngine.ValidationEngineBuilder()
        .withNoTerminologyServer()
        .withVersion("4.0.1")
        .withUserAgent("journalloft-second-opinion")
        .fromSource("hl7.fhir.r4.core#4.0.1");
    for (String id : packages) {
      // Loaded without its dependencies: hl7.terminology.r4 7.0.1 names hl7.fhir.uv.extensions.r4
      // 5.2.0, which the npm registry does not serve, and IgLoader would ask a package server for it.
      String[] parts = id.split("#", 2);
      NpmPackage npm = engine.getPcm().loadPackage(parts[0], parts.length > 1 ? parts[1] : null);
      int count = engine.getContext().loadFromPackage(npm, ValidatorUtils.loaderForVersion(npm.fhirVersion()));
      System.err.println("hl7-second-opinion: " + id + ": " + count + " resources");
    }
    for (String ig : igs) {
      engine.getIgLoader().loadIg(engine.getIgs(), engine.getBinaries(), ig, true);
    }
    // As HL7's own command line sets it up by default (ValidationService.buildValidationEngine):
    // the stand-alone fetcher as fetcher, locator and policy advisor, references not followed
    // (policy IGNORE, the CLI's default without -check-references).
    StandAloneValidatorFetcher fetcher = new StandAloneValidatorFetcher(engine.getPcm(), engine.getContext(), engine);
    engine.setFetcher(fetcher);
    engine.getContext().setLocator(fetcher);
    engine.setPolicyAdvisor(fetcher);
    fetcher.setReferencePolicy(ReferenceValidationPolicy.IGNORE);
    engine.getPolicyAdvisor().setPolicyAdvisor(
        new BasePolicyAdvisorForFullValidation(engine.getPolicyAdvisor().getReferencePolicy(), engine.getCheckReferencesTo()));
    engine.prepare();
    System.err.println("hl7-second-opinion: HL7 validator " + version + " ready");

    for (int n = 0; n < files.size(); n++) {
      String file = files.get(n);
      StringBuilder json = new StringBuilder("{\"file\":").append(quote(file));
      try {
        byte[] source = Files.readAllBytes(Path.of(file));
        List<ValidationMessage> messages = new ArrayList<>();
        // Not validate(): its conversion to an OperationOutcome removes duplicate messages in
        // quadratic time (ValidatorUtils.removeDuplicates), 20 minutes and more on HL7's own 6 MB
        // Bundle-v2-valuesets example; the verdict needs the messages only.
        engine.validateAsFragments(source, FhirFormat.JSON, new ArrayList<>(), messages);
        json.append(",\"issues\":[");
        for (int m = 0; m < messages.size(); m++) {
          ValidationMessage message = messages.get(m);
          if (m > 0) json.append(',');
          json.append("{\"level\":").append(quote(message.getLevel().toCode()))
              .append(",\"id\":").append(quote(message.getMessageId()))
              .append(",\"location\":").append(quote(message.getLocation()))
              .append(",\"line\":").append(message.getLine())
              .append(",\"col\":").append(message.getCol())
              .append(",\"message\":").append(quote(message.getMessage()))
              .append('}');
        }
        json.append(']');
      } catch (Exception | StackOverflowError exc) {
        json.append(",\"failure\":").append(quote(exc.getClass().getSimpleName() + ": " + exc.getMessage()));
      }
      json.append("}\n");
      Files.writeString(out.resolve(n + ".json"), json, StandardCharsets.UTF_8);
    }
  }

  private static String quote(String value) {
    if (value == null) return "null";
    StringBuilder text = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> text.append("\\\"");
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        default -> {
          // ASCII out: a message may quote a lone surrogate from the input, which UTF-8 cannot hold.
          if (c < 0x20 || c > 0x7e) text.append(String.format("\\u%04x", (int) c));
          else text.append(c);
        }
      }
    }
    return text.append('"').toString();
  }
}
