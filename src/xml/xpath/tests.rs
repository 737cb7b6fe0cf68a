use super::super::fixtures;
use super::super::parse::parse;
use super::super::tree::Limits;
use super::*;

fn doc(text: &str) -> Document {
    match parse(text, &Limits::default()) {
        Ok(doc) => doc,
        Err(err) => panic!("does not parse: {err}"),
    }
}

fn vars(name: &str) -> Option<String> {
    match name {
        "key" => Some("1003".to_owned()),
        "name" => Some("Weekly team review".to_owned()),
        _ => None,
    }
}

/// Evaluates and renders the result as a comparable string: node-sets as
/// `count:first string-value`, others as their XPath string.
fn eval(doc: &Document, expr: &str) -> String {
    let compiled = match XPath::compile(expr) {
        Ok(compiled) => compiled,
        Err(err) => panic!("{expr}: {err}"),
    };
    match compiled.evaluate(doc, &vars) {
        Ok(Value::Nodes(nodes)) => format!(
            "{}:{}",
            nodes.len(),
            nodes.first().map(NodeRef::string_value).unwrap_or_default()
        ),
        Ok(other) => other.string_value(),
        Err(err) => panic!("{expr}: {err}"),
    }
}

#[test]
fn expressions_on_a_session_list() {
    let doc = doc(&fixtures::lstsummary_session(&fixtures::weekly_series()));
    let table: &[(&str, &str)] = &[
        // Paths, any namespace by default.
        ("/message/header/response/result", "1:SUCCESS"),
        ("//result", "1:SUCCESS"),
        ("/serv:message/serv:header//serv:result", "1:SUCCESS"),
        ("//ep:result", "0:"),
        ("//site:session", "0:"),
        ("//ep:session/ep:sessionKey", "4:1001"),
        ("count(//session)", "4"),
        ("count(//ep:*)", "53"),
        ("count(/message/body/bodyContent/*)", "5"),
        ("//session[3]/confName", "1:Weekly team review (moved)"),
        ("//session[last()]/sessionKey", "1:1004"),
        ("//session[position() > 2]/sessionKey", "2:1003"),
        ("//session[isException = 'true']/sessionKey", "1:1003"),
        ("//session[isException='true']/sessionKey = '1003'", "true"),
        ("//session[sessionKey = $key]/confName", "1:Weekly team review (moved)"),
        ("count(//session[confName = $name])", "3"),
        ("//session[not(isException = 'true')][2]/sessionKey", "1:1002"),
        ("//sessionKey[. = '1002']/../confID", "1:10020"),
        ("//sessionKey[. = '1002']/parent::*/following-sibling::session[1]/sessionKey", "1:1003"),
        ("//session[sessionKey='1003']/preceding-sibling::session[1]/sessionKey", "1:1002"),
        ("//session[sessionKey='1003']/ancestor::*[last()]/body/bodyContent/matchingRecords/total", "1:4"),
        ("count(//session[sessionKey='1003']/ancestor-or-self::*)", "4"),
        ("//session/isException = 'true'", "true"),
        ("//session/isException != 'true'", "true"),
        ("//session/isException = 'maybe'", "false"),
        ("//matchingRecords/total = 4", "true"),
        ("//matchingRecords/total > 3 and //matchingRecords/total < 5", "true"),
        ("//matchingRecords/total >= 5 or false()", "false"),
        ("//sessionKey > 1003", "true"),
        ("//sessionKey > 1004", "false"),
        ("//session/sessionKey = //session[4]/sessionKey", "true"),
        ("//nothing = 'x'", "false"),
        ("//nothing != 'x'", "false"),
        ("boolean(//nothing)", "false"),
        ("not(//nothing)", "true"),
        // Attributes.
        ("//bodyContent/@type", "1:ep:lstsummarySessionResponse"),
        ("//bodyContent/@xsi:type", "1:ep:lstsummarySessionResponse"),
        ("//bodyContent/@serv:type", "0:"),
        ("count(//@*)", "1"),
        ("//*[@type]/matchingRecords/returned", "1:4"),
        // Text and node tests.
        ("//session[1]/confName/text()", "1:Weekly team review"),
        ("count(//session[1]/node())", "12"),
        ("count(/node())", "1"),
        ("count(/)", "1"),
        ("/message/body/bodyContent/self::node()/matchingRecords/startFrom", "1:1"),
        // Functions.
        ("string(//session[2]/sessionKey)", "1002"),
        ("number(//session[2]/sessionKey) + 1", "1003"),
        ("sum(//session/sessionKey)", "4010"),
        ("string-length(//session[1]/confName)", "18"),
        ("concat('a', //session[1]/sessionKey, 'b')", "a1001b"),
        ("contains(//session[3]/confName, 'moved')", "true"),
        ("starts-with(//session[3]/confName, 'Daily')", "false"),
        ("normalize-space('  a  b \n c ')", "a b c"),
        ("local-name(//session[1])", "session"),
        ("name(//session[1])", "ep:session"),
        ("name(//bodyContent/@*)", "xsi:type"),
        ("local-name(/)", ""),
        ("substring-before('06/09/2025 09:00:00', ' ')", "06/09/2025"),
        ("substring-after(//session[1]/startTime, ' ')", "09:00:00"),
        ("substring('12345', 2, 3)", "234"),
        ("substring('12345', 1.5, 2.6)", "234"),
        ("boolean('')", "false"),
        ("number('x')", "NaN"),
        ("1 div 0", "Infinity"),
        ("7 mod 3 * 2", "2"),
        ("-(2 - 5)", "3"),
        ("1.5 + .5", "2"),
        ("count(//session/sessionKey | //session/confID)", "8"),
        ("(//session/sessionKey | //matchingRecords/total)[1]", "1:4"),
        ("(//session)[2]/sessionKey", "1:1002"),
        ("\"double\" = 'double'", "true"),
        ("true() = 'x'", "true"),
        ("count(//session[sessionKey=1001 or sessionKey=1004])", "2"),
        ("//session[isException='true' and sessionKey=$key]/duration * 2", "60"),
    ];
    for (expr, expected) in table {
        assert_eq!(eval(&doc, expr), *expected, "{expr}");
    }
}

#[test]
fn positions_count_along_the_axis() {
    let doc = doc("<a><b>1</b><b>2</b><c><b>3</b><b>4</b></c></a>");
    assert_eq!(eval(&doc, "//b[1]"), "2:1");
    assert_eq!(eval(&doc, "count(//b[1])"), "2");
    assert_eq!(eval(&doc, "(//b)[1]"), "1:1");
    assert_eq!(eval(&doc, "count(//b[. > 1])"), "3");
    assert_eq!(eval(&doc, "//c/b[2]/preceding-sibling::b[1]"), "1:3");
    assert_eq!(eval(&doc, "//b[.='4']/ancestor::*[1]/b[1]"), "1:3");
    assert_eq!(eval(&doc, "count(//b[position() = last()])"), "2");
}

#[test]
fn compile_errors_point_at_the_column() {
    let cases: &[(&str, usize, &str)] = &[
        ("//bogus:session", 3, "unknown namespace prefix \"bogus\""),
        ("count(//a", 10, "expected ',' or ')'"),
        ("frobnicate(1)", 1, "unknown function \"frobnicate()\""),
        ("count()", 1, "count() takes 1 argument(s), not 0"),
        ("//a[", 5, "expected a step"),
        ("'open", 1, "unterminated string literal"),
        ("//a b", 5, "expected an operator, found \"b\""),
        ("//comment()", 3, "unsupported node test"),
        ("following::a", 1, "unsupported axis \"following\""),
        ("", 1, "empty expression"),
        ("//a]", 4, "unexpected text after the expression"),
        ("1 # 2", 3, "unexpected character '#'"),
    ];
    for (expr, column, message) in cases {
        match XPath::compile(expr) {
            Ok(_) => panic!("{expr} compiled"),
            Err(err) => {
                assert_eq!(err.column, *column, "{expr}: {err}");
                assert!(err.message.starts_with(message), "{expr}: {err}");
            }
        }
    }
    let deep = format!("{}1{}", "(".repeat(200), ")".repeat(200));
    let err = XPath::compile(&deep).expect_err("nesting is capped");
    assert!(err.message.contains("nested deeper"), "{err}");
}

#[test]
fn evaluation_errors_are_values() {
    let doc = doc("<a><b>1</b></a>");
    let evaluate = |expr: &str| {
        XPath::compile(expr).and_then(|x| x.evaluate(&doc, &vars).map(|v| v.string_value()))
    };
    let err = evaluate("//b = $nobody").expect_err("unknown variable");
    assert_eq!(
        (err.column, err.message.as_str()),
        (7, "unknown variable $nobody")
    );
    assert!(evaluate("count('x')").is_err());
    assert!(evaluate("'x' | //b").is_err());
    assert!(evaluate("$key/b").is_err());
}

#[test]
fn values_convert_like_xpath() {
    let doc = doc("<a><b>1</b><b>2</b></a>");
    let value = XPath::compile("//b")
        .and_then(|x| x.evaluate(&doc, &vars))
        .expect("evaluates");
    assert_eq!(value.count(), Some(2));
    assert_eq!(value.string_value(), "1");
    assert!(value.to_boolean());
    assert_eq!(value.to_number(), 1.0);
    if let Value::Nodes(nodes) = &value {
        assert_eq!(nodes[1].local_name(), "b");
        assert_eq!(
            nodes[1].as_element().map(|e| e.text()),
            Some("2".to_owned())
        );
    }
    assert_eq!(Value::Number(2.5).string_value(), "2.5");
    assert_eq!(Value::Number(-0.0).string_value(), "0");
    assert_eq!(Value::String(" 12 ".into()).to_number(), 12.0);
    assert!(Value::String("1e3".into()).to_number().is_nan());
    assert_eq!(Value::Boolean(true).count(), None);
}

#[test]
fn predicate_search_on_a_large_list_is_linear() {
    let sessions: Vec<String> = (0..2_000)
        .map(|i| fixtures::session(&(100_000 + i).to_string(), "Team", i == 1_500))
        .collect();
    let doc = doc(&fixtures::lstsummary_session(&sessions));
    let index = DocumentIndex::new(&doc);
    let find = XPath::compile("//session[sessionKey='101500']/isException").expect("compiles");
    let value = find.evaluate_indexed(&index, &vars).expect("evaluates");
    assert_eq!(value.string_value(), "true");
    let count = XPath::compile("count(//session[isException='false'])").expect("compiles");
    assert_eq!(
        count.evaluate_indexed(&index, &vars).map(|v| v.to_number()),
        Ok(1_999.0)
    );
}

#[test]
fn deep_documents_do_not_overflow() {
    let depth = 256;
    let text = format!("{}x{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let doc = doc(&text);
    assert_eq!(eval(&doc, "count(//a)"), "256");
    assert_eq!(eval(&doc, "count(//a[last()]/ancestor::*)"), "255");
    assert_eq!(eval(&doc, "string(/)"), "x");
}
