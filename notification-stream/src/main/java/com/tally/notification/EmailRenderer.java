package com.tally.notification;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Fills a notification kind's three Mustache templates ({@code <kind>.subject.mustache},
 * {@code <kind>.txt.mustache}, {@code <kind>.html.mustache}) from an {@link EmailContent}.
 * Values are HTML-escaped in the HTML part only; the subject and the text part are plain text, where
 * an escaped {@code &amp;} would show as such. Each kind's templates are compiled once, on first use.
 */
public final class EmailRenderer {

    /** The templates are written in English, so amounts are written the English way. */
    public static final Locale DEFAULT_LOCALE = Locale.ENGLISH;

    // a kind names files: nothing in it may climb out of the template directory
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern LINE_BREAKS_AND_RUNS = Pattern.compile("\\s+");

    private final Templates templates;
    private final Locale locale;
    private final MustacheFactory html;
    private final MustacheFactory plain;
    private final Map<String, KindTemplates> compiled = new ConcurrentHashMap<>();

    public EmailRenderer(Templates templates, Locale locale) {
        this.templates = templates;
        this.locale = locale;
        this.html = new DefaultMustacheFactory(templates);
        this.plain = new PlainTextFactory(templates);
    }

    public static EmailRenderer of(EmailSettings settings) {
        var templates = settings.templatesDir() == null ? Templates.builtIn() : Templates.overriddenBy(settings.templatesDir());
        return new EmailRenderer(templates, DEFAULT_LOCALE);
    }

    public RenderedEmail render(EmailContent content) {
        var kind = compiled.computeIfAbsent(content.kind(), this::compile);
        Map<String, Object> scope = content.scope(locale);
        // a subject is one header line: a line break from a value must not start a header of its own
        String subject = LINE_BREAKS_AND_RUNS.matcher(fill(kind.subject(), scope)).replaceAll(" ").strip();
        return new RenderedEmail(subject, fill(kind.text(), scope), fill(kind.html(), scope));
    }

    private KindTemplates compile(String kind) {
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("notification kind '" + kind + "' is not a kind's wire name: use lower-case letters,"
                    + " digits and '-', such as order-confirmed");
        }
        String subject = kind + ".subject.mustache";
        String text = kind + ".txt.mustache";
        String page = kind + ".html.mustache";
        List<String> missing = List.of(subject, text, page).stream().filter(name -> !templates.exists(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no template for notification kind '" + kind + "': add "
                    + String.join(", ", missing) + " to " + templates.whereToAdd());
        }
        return new KindTemplates(plain.compile(subject), plain.compile(text), html.compile(page));
    }

    private static String fill(Mustache template, Map<String, Object> scope) {
        var out = new StringWriter();
        template.execute(out, scope);
        return out.toString();
    }

    private record KindTemplates(Mustache subject, Mustache text, Mustache html) {
    }

    /** Writes values as they are: for the subject and the text part, which no browser reads. */
    private static final class PlainTextFactory extends DefaultMustacheFactory {
        PlainTextFactory(Templates templates) {
            super(templates);
        }

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
