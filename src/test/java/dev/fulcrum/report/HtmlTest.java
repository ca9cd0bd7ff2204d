package dev.fulcrum.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesMarkupCharacters() {
        assertThat(Html.esc("<a href=\"x\">Tom & 'Jerry'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
        assertThat(Html.esc(null)).isEqualTo("null");
    }

    @Test
    void formatsNumbersForTables() {
        assertThat(Html.num(284807L)).isEqualTo("284807");
        assertThat(Html.num(0.123456)).isEqualTo("0.1235");
        assertThat(Html.num(0.0)).isEqualTo("0.0000");
        assertThat(Html.num(0.000123)).isEqualTo("1.230e-04");
        assertThat(Html.num(1234.56)).isEqualTo("1234.6");
        assertThat(Html.num(null)).isEqualTo(Html.NONE);
        assertThat(Html.num(Double.NaN)).isEqualTo(Html.NONE);
        assertThat(Html.num("<b>")).isEqualTo("&lt;b&gt;");
        assertThat(Html.full(0.123456789)).isEqualTo("0.123456789");
    }
}
